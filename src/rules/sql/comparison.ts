import { sql, type RawBuilder, type SqlBool } from "kysely";
import type { PropertyType } from "../../contacts/index.js";
import type { Comparison, ComparisonOp } from "../../schemas/rule.js";
import type { Dialect, JsonMember } from "../../store/index.js";
import { parseInstant } from "../../schemas/instant.js";
import { addDuration, isDuration, windowStart } from "../duration.js";
import { toTyped } from "../typed-value.js";

export type Bool = RawBuilder<SqlBool>;

export const TRUE: Bool = sql<SqlBool>`(1 = 1)`;
export const FALSE: Bool = sql<SqlBool>`(1 = 0)`;

/** A condition that is false, never null, where SQL would say "unknown" (an absent member). */
export function sure(condition: Bool): Bool {
  return sql<SqlBool>`coalesce(${condition}, ${FALSE})`;
}

export function not(condition: Bool): Bool {
  return sql<SqlBool>`(not ${condition})`;
}

export function and(conditions: Bool[]): Bool {
  return conditions.length === 0 ? TRUE : sql<SqlBool>`(${sql.join(conditions, sql` and `)})`;
}

export function or(conditions: Bool[]): Bool {
  return conditions.length === 0 ? FALSE : sql<SqlBool>`(${sql.join(conditions, sql` or `)})`;
}

const OPPOSITE = { not_equals: "equals", not_contains: "contains", not_in: "in", is_not_set: "is_set" } as const;
type PositiveOp = Exclude<ComparisonOp, keyof typeof OPPOSITE>;

/** A member read as one property type: when it is of that type, and its value as that type. */
interface TypedMember {
  type: PropertyType;
  guard: Bool;
  /** Text as-is, numbers, 'true'/'false' for booleans, epoch ms for dates. */
  value: RawBuilder<unknown>;
  /** The lower-cased text the text operators read (a date's ISO text included). */
  lowerText: RawBuilder<string>;
  /**
   * For text of a property without a recorded type: holds when it does not read as a date (it
   * would be a date then, as typeOfValue has it). Equality needs no such test, as an operand
   * that reads as a date is dropped instead; only text operators add it, after their own test.
   */
  notInstant?: Bool;
}

/**
 * SQL for a comparison of a JSON member, with the in-memory semantics of compareValue
 * (src/rules/compare.ts): typed by `recorded` when the property has a recorded type, else by the
 * value itself (ISO text is a date), negative operators the exact opposite of positive ones.
 * Never null.
 */
export function comparisonSql(dialect: Dialect, member: JsonMember, c: Comparison, now: number, recorded: PropertyType | undefined): Bool {
  const negative = Object.hasOwn(OPPOSITE, c.op);
  const op = (negative ? OPPOSITE[c.op as keyof typeof OPPOSITE] : c.op) as PositiveOp;
  const positive = sure(positiveSql(dialect, member, op, c.value, now, recorded));
  return negative ? not(positive) : positive;
}

function positiveSql(dialect: Dialect, member: JsonMember, op: PositiveOp, value: unknown, now: number, recorded: PropertyType | undefined): Bool {
  if (op === "is_set") return sql<SqlBool>`(${member.kind} <> 'null')`;
  const types: PropertyType[] = recorded ? [recorded] : ["string", "number", "boolean", "date"];
  return or(
    types.flatMap((type) => {
      const typed = typedMember(dialect, member, type, recorded !== undefined);
      const check = CHECKS[op](typed, value, now);
      // The check first: it is the selective, cheap part, so the guard's JSON reads run on few rows.
      return check === FALSE ? [] : [and([check, typed.guard])];
    }),
  );
}

function typedMember(dialect: Dialect, m: JsonMember, type: PropertyType, recorded: boolean): TypedMember {
  const instant = dialect.instant(m.text);
  const lowerText = dialect.lower(m.text);
  switch (type) {
    case "string":
      return { type, guard: sql<SqlBool>`${m.kind} = 'string'`, value: m.text, lowerText, ...(recorded ? {} : { notInstant: sql<SqlBool>`${instant} is null` }) };
    case "number":
      return { type, guard: sql<SqlBool>`${m.kind} = 'number'`, value: m.number, lowerText };
    case "boolean":
      return { type, guard: sql<SqlBool>`${m.kind} in ('true', 'false')`, value: m.kind, lowerText };
    case "date":
      return { type, guard: sql<SqlBool>`(${m.kind} = 'string' and ${instant} is not null)`, value: instant, lowerText };
  }
}

/**
 * An operand brought to the member's type as SQL compares it, or undefined when it cannot be
 * (text that reads as a date never equals a member that is text and not a date).
 */
function operand(m: TypedMember, value: unknown): string | number | undefined {
  const typed = toTyped(m.type, value);
  if (typed === undefined) return undefined;
  if (m.notInstant && typeof typed === "string" && parseInstant(typed) !== undefined) return undefined;
  return typeof typed === "boolean" ? String(typed) : typed;
}

type Check = (m: TypedMember, value: unknown, now: number) => Bool;

const ordered = (compare: "<" | "<=" | ">" | ">="): Check => (m, value) => {
  if (m.type !== "number" && m.type !== "date") return FALSE;
  const v = operand(m, value);
  return v === undefined ? FALSE : sql<SqlBool>`${m.value} ${sql.raw(compare)} ${v}`;
};

/** Text operators ignore case and read a date's ISO text; `%`, `_` and `\` in the text are literal. */
const text = (pattern: (escaped: string) => string): Check => (m, value) => {
  if ((m.type !== "string" && m.type !== "date") || typeof value !== "string") return FALSE;
  const escaped = value.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`);
  const like = sql<SqlBool>`${m.lowerText} like ${pattern(escaped)} escape '\\'`;
  return m.notInstant ? and([like, m.notInstant]) : like;
};

const date = (check: (at: RawBuilder<unknown>, value: unknown, now: number) => Bool): Check => (m, value, now) =>
  m.type === "date" ? check(m.value, value, now) : FALSE;

const CHECKS: Record<Exclude<PositiveOp, "is_set">, Check> = {
  equals: (m, value) => {
    const v = operand(m, value);
    return v === undefined ? FALSE : sql<SqlBool>`${m.value} = ${v}`;
  },
  in: (m, value) => {
    const values = Array.isArray(value) ? [...new Set(value.map((v) => operand(m, v)).filter((v) => v !== undefined))] : [];
    return values.length === 0 ? FALSE : sql<SqlBool>`${m.value} in (${sql.join(values)})`;
  },
  contains: text((t) => `%${t}%`),
  starts_with: text((t) => `${t}%`),
  ends_with: text((t) => `%${t}`),
  gt: ordered(">"),
  gte: ordered(">="),
  lt: ordered("<"),
  lte: ordered("<="),
  between: (m, value) => {
    if ((m.type !== "number" && m.type !== "date") || !Array.isArray(value) || value.length !== 2) return FALSE;
    const [low, high] = [operand(m, value[0]), operand(m, value[1])];
    return low === undefined || high === undefined ? FALSE : sql<SqlBool>`(${m.value} >= ${low} and ${m.value} <= ${high})`;
  },
  before: date((at, value) => {
    const v = toTyped("date", value);
    return v === undefined ? FALSE : sql<SqlBool>`${at} < ${v}`;
  }),
  after: date((at, value) => {
    const v = toTyped("date", value);
    return v === undefined ? FALSE : sql<SqlBool>`${at} > ${v}`;
  }),
  within_last: date((at, value, now) => (isDuration(value) ? sql<SqlBool>`(${at} >= ${windowStart(now, value)} and ${at} <= ${now})` : FALSE)),
  within_next: date((at, value, now) => (isDuration(value) ? sql<SqlBool>`(${at} >= ${now} and ${at} <= ${addDuration(now, value, null)})` : FALSE)),
};
