import { sql, type RawBuilder, type SqlBool } from "kysely";
import type { PropertyType } from "../../contacts/index.js";
import type { Rule } from "../../schemas/rule.js";
import type { Dialect } from "../../store/index.js";
import { engagementAsEvent } from "../activity-rules.js";
import { windowStart } from "../duration.js";
import { type Bool, FALSE, TRUE, and, comparisonSql, not, or, sure } from "./comparison.js";

/** What a compiled rule needs to know besides itself; `now` fixes every window. */
export interface RuleSqlContext {
  dialect: Dialect;
  workspaceId: string;
  now: number;
  /** The workspace's stage ids in funnel order. */
  lifecycleStages: readonly string[];
  /** Recorded property types of the workspace. */
  propertyTypes: ReadonlyMap<string, PropertyType>;
}

type RuleOf<T extends Rule["type"]> = Extract<Rule, { type: T }>;
type Compilers = { [T in Rule["type"]]: (rule: RuleOf<T>, ctx: RuleSqlContext) => Bool };

/**
 * Compiles a rule to a condition on `contacts as c` that holds exactly when the in-memory
 * evaluator says the rule matches that contact (checked by test/rules.sql-agreement.test.ts).
 * Callers check sqlProblems first: a rule about the current workflow run has no SQL form.
 */
export function compileRule(rule: Rule, ctx: RuleSqlContext): RawBuilder<SqlBool> {
  return (COMPILERS[rule.type] as (rule: Rule, ctx: RuleSqlContext) => Bool)(rule, ctx);
}

const CONTACT_PROPERTIES = sql.ref("c.properties");
const EVENT_PROPERTIES = sql.ref("e.properties");

const COMPILERS: Compilers = {
  all: (rule, ctx) => and(rule.rules.map((r) => compileRule(r, ctx))),
  any: (rule, ctx) => or(rule.rules.map((r) => compileRule(r, ctx))),
  not: (rule, ctx) => not(compileRule(rule.rule, ctx)),
  property: (rule, ctx) => comparisonSql(ctx.dialect, ctx.dialect.jsonMember(CONTACT_PROPERTIES, rule.property), rule, ctx.now, ctx.propertyTypes.get(rule.property)),
  lifecycle: (rule, { lifecycleStages: stages }) => {
    const target = stages.indexOf(rule.stage);
    // No stage, or one the workspace no longer has, is below every stage (as in memory).
    if (target === -1) return rule.op === "is_not" ? TRUE : FALSE;
    const stage = sql.ref("c.lifecycle_stage");
    const inStages = (ids: readonly string[]) => (ids.length === 0 ? FALSE : sure(sql<SqlBool>`${stage} in (${sql.join(ids)})`));
    switch (rule.op) {
      case "is":
        return sure(sql<SqlBool>`${stage} = ${rule.stage}`);
      case "is_not":
        return not(sure(sql<SqlBool>`${stage} = ${rule.stage}`));
      case "at_least":
        return inStages(stages.slice(target));
      case "at_most":
        return not(inStages(stages.slice(target + 1)));
    }
  },
  score: (rule) => {
    if ((rule.op === "between") !== Array.isArray(rule.value)) return FALSE;
    const points =
      rule.score === undefined
        ? sql.ref("c.score")
        : sql`coalesce((select s.points from contact_scores s where s.contact_id = c.id and s.score = ${rule.score}), 0)`;
    if (rule.op === "between" || Array.isArray(rule.value)) {
      const [low, high] = rule.value as [number, number];
      return sql<SqlBool>`(${points} >= ${low} and ${points} <= ${high})`;
    }
    const compare = { equals: "=", gt: ">", gte: ">=", lt: "<", lte: "<=" }[rule.op];
    return sql<SqlBool>`${points} ${sql.raw(compare)} ${rule.value}`;
  },
  tag: (rule) => has(rule.op === "has", sql`select 1 from contact_tags t where t.contact_id = c.id and t.tag = ${rule.tag}`),
  list: (rule) => has(rule.op === "member", sql`select 1 from list_members l where l.list_id = ${rule.listId} and l.contact_id = c.id`),
  segment: (rule) => has(rule.op === "member", sql`select 1 from segment_members m where m.segment_id = ${rule.segmentId} and m.contact_id = c.id`),
  event: (rule, ctx) => {
    const { op, value } = rule.count;
    // Every count test is "at least k" or its negation, answered by one grouped scan of the
    // events that uses the (workspace, name, timestamp) index instead of a lookup per contact.
    const atLeast = (k: number) => eventCountAtLeast(rule, k, ctx);
    switch (op) {
      case "gte":
        return atLeast(value);
      case "gt":
        return atLeast(value + 1);
      case "lte":
        return not(atLeast(value + 1));
      case "lt":
        return not(atLeast(value));
      case "equals":
        return and([atLeast(value), not(atLeast(value + 1))]);
    }
  },
  engagement: (rule, ctx) => {
    const asEvent = engagementAsEvent(rule);
    if (asEvent === undefined) throw new Error("an engagement rule naming a workflow step has no SQL form; check sqlProblems first");
    return COMPILERS.event(asEvent, ctx);
  },
};

function has(wanted: boolean, subquery: RawBuilder<unknown>): Bool {
  const exists = sql<SqlBool>`exists (${subquery})`;
  return wanted ? exists : not(exists);
}

function eventCountAtLeast(rule: RuleOf<"event">, k: number, ctx: RuleSqlContext): Bool {
  if (k <= 0) return TRUE;
  const conditions: Bool[] = [
    sql<SqlBool>`e.workspace_id = ${ctx.workspaceId}`,
    sql<SqlBool>`e.name = ${rule.name}`,
    sql<SqlBool>`e.timestamp <= ${ctx.now}`,
  ];
  if (rule.within !== undefined) conditions.push(sql<SqlBool>`e.timestamp >= ${windowStart(ctx.now, rule.within)}`);
  for (const filter of rule.filters ?? []) conditions.push(comparisonSql(ctx.dialect, ctx.dialect.jsonMember(EVENT_PROPERTIES, filter.property), filter, ctx.now, undefined));
  const having = k === 1 ? sql`` : sql` group by e.contact_id having count(*) >= ${k}`;
  return sql<SqlBool>`c.id in (select e.contact_id from events e where ${and(conditions)}${having})`;
}
