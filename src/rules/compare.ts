import type { PropertyType } from "../contacts/index.js";
import type { Duration } from "../schemas/duration.js";
import type { Comparison, ComparisonOp } from "../schemas/rule.js";
import { addDuration, isDuration, windowStart } from "./duration.js";
import { type TypedValue, toTyped, typeOfValue } from "./typed-value.js";

/** The outcome of one comparison; `problem` says why an operator could not apply, for explanations. */
export interface Judgement {
  matched: boolean;
  problem?: string;
}

/** Negative operators are the exact opposites of positive ones, so they hold for a missing value. */
const OPPOSITE = { not_equals: "equals", not_contains: "contains", not_in: "in", is_not_set: "is_set" } as const;
type PositiveOp = Exclude<ComparisonOp, keyof typeof OPPOSITE>;

/** A present value, typed. `raw` is kept for the text operators, which read a date's ISO text. */
interface Operand {
  raw: unknown;
  typed: TypedValue;
  type: PropertyType;
}

type Check = (actual: Operand, value: unknown, now: number) => Judgement;

/**
 * Compares a value (a contact property, or any JSON from an event) with a comparison. `type` is
 * the property's recorded type; without it the value's own type is used (ISO text is a date).
 * Semantics: docs/rules.md.
 */
export function compareValue(actual: unknown, c: Comparison, now: number, type?: PropertyType): boolean {
  return judgeComparison(actual, c, now, type).matched;
}

/** compareValue with the reason an operator could not apply to the value. */
export function judgeComparison(actual: unknown, c: Comparison, now: number, type?: PropertyType): Judgement {
  const op = c.op;
  if (!isNegative(op)) return judgePositive(actual, op, c.value, now, type);
  const judged = judgePositive(actual, OPPOSITE[op], c.value, now, type);
  return { ...judged, matched: !judged.matched };
}

function isNegative(op: ComparisonOp): op is keyof typeof OPPOSITE {
  return Object.hasOwn(OPPOSITE, op);
}

function judgePositive(raw: unknown, op: PositiveOp, value: unknown, now: number, recorded: PropertyType | undefined): Judgement {
  if (raw === undefined || raw === null) return { matched: false };
  if (op === "is_set") return { matched: true };
  const type = recorded ?? typeOfValue(raw);
  if (type === undefined) return { matched: false, problem: "the value is not text, a number, a boolean or a date" };
  const typed = toTyped(type, raw);
  if (typed === undefined) return { matched: false, problem: `the value is not a ${type}` };
  return CHECKS[op]({ raw, typed, type }, value, now);
}

const CHECKS: Record<Exclude<PositiveOp, "is_set">, Check> = {
  equals: (a, value) => withOperand(a.type, value, (v) => a.typed === v),
  in: (a, value) => {
    if (!Array.isArray(value)) return { matched: false, problem: "the rule needs a list of values" };
    return { matched: value.some((v) => toTyped(a.type, v) === a.typed) };
  },
  contains: text((t, v) => t.includes(v)),
  starts_with: text((t, v) => t.startsWith(v)),
  ends_with: text((t, v) => t.endsWith(v)),
  gt: ordered((a, v) => a > v),
  gte: ordered((a, v) => a >= v),
  lt: ordered((a, v) => a < v),
  lte: ordered((a, v) => a <= v),
  between: (a, value) => {
    if (!isOrdered(a.type)) return notOrdered(a.type);
    if (!Array.isArray(value) || value.length !== 2) return { matched: false, problem: "the rule needs two bounds, [low, high]" };
    const [low, high] = [toTyped(a.type, value[0]), toTyped(a.type, value[1])];
    if (low === undefined || high === undefined) return { matched: false, problem: `the bounds are not both ${a.type}s` };
    return { matched: low <= a.typed && a.typed <= high };
  },
  before: date((at, value) => withOperand("date", value, (v) => at < (v as number))),
  after: date((at, value) => withOperand("date", value, (v) => at > (v as number))),
  within_last: date((at, value, now) => withDuration(value, (d) => windowStart(now, d) <= at && at <= now)),
  within_next: date((at, value, now) => withDuration(value, (d) => now <= at && at <= addDuration(now, d, null))),
};

function withOperand(type: PropertyType, value: unknown, test: (v: TypedValue) => boolean): Judgement {
  const v = toTyped(type, value);
  if (v === undefined) return { matched: false, problem: `${JSON.stringify(value) ?? "nothing"} is not a ${type}` };
  return { matched: test(v) };
}

/** Text operators read any text value, dates' ISO text included, ignoring case. */
function text(test: (text: string, value: string) => boolean): Check {
  return (a, value) => {
    const t = a.type === "string" ? a.typed : a.raw;
    if (typeof t !== "string") return { matched: false, problem: `the value is a ${a.type}, not text` };
    if (typeof value !== "string") return { matched: false, problem: "the rule needs text to look for" };
    return { matched: test(t.toLowerCase(), value.toLowerCase()) };
  };
}

function isOrdered(type: PropertyType): boolean {
  return type === "number" || type === "date";
}

function notOrdered(type: PropertyType): Judgement {
  return { matched: false, problem: `only numbers and dates are ordered, the value is a ${type}` };
}

function ordered(test: (actual: TypedValue, value: TypedValue) => boolean): Check {
  return (a, value) => (isOrdered(a.type) ? withOperand(a.type, value, (v) => test(a.typed, v)) : notOrdered(a.type));
}

function date(test: (at: number, value: unknown, now: number) => Judgement): Check {
  return (a, value, now) => (a.type === "date" ? test(a.typed as number, value, now) : { matched: false, problem: `the value is a ${a.type}, not a date` });
}

function withDuration(value: unknown, test: (d: Duration) => boolean): Judgement {
  if (!isDuration(value)) return { matched: false, problem: 'the rule needs a duration such as {"amount": 7, "unit": "days"}' };
  return { matched: test(value) };
}
