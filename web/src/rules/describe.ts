import type { Comparison, Rule } from "../../../src/schemas/rule.js";
import { OP_LABEL } from "./operators.js";

/** Names to show instead of ids: lists, segments, stages, templates. */
export interface Names {
  lists?: ReadonlyMap<string, string>;
  segments?: ReadonlyMap<string, string>;
  stages?: ReadonlyMap<string, string>;
  templates?: ReadonlyMap<string, string>;
}

const COUNT: Record<string, string> = { gte: "at least", gt: "more than", lte: "at most", lt: "fewer than", equals: "exactly" };
const STAGE: Record<string, string> = { is: "is", is_not: "is not", at_least: "is at least", at_most: "is at most" };

function quote(v: unknown): string {
  return typeof v === "string" ? `“${v}”` : JSON.stringify(v);
}

function duration(d: { amount: number; unit: string }): string {
  return `${d.amount} ${d.amount === 1 ? d.unit.replace(/s$/, "") : d.unit}`;
}

function named(map: ReadonlyMap<string, string> | undefined, id: string): string {
  return quote(map?.get(id) ?? id);
}

/** One comparison in words: `plan is “pro”`, `seats is between 10 and 50`, `signed_up is within the last 7 days`. */
export function describeComparison(c: Comparison): string {
  const head = `${c.property} ${OP_LABEL[c.op]}`;
  if (c.op === "is_set" || c.op === "is_not_set") return head;
  if (c.op === "within_last" || c.op === "within_next") return `${head} ${duration(c.value as { amount: number; unit: string })}`;
  if (c.op === "between" && Array.isArray(c.value)) return `${head} ${quote(c.value[0])} and ${quote(c.value[1])}`;
  if (Array.isArray(c.value)) return `${head} ${c.value.map(quote).join(", ")}`;
  return `${head} ${quote(c.value)}`;
}

/** A single condition in words, for lists and read-only views ("has tag “vip”"). Groups are described by their items. */
export function describeCondition(rule: Rule, names: Names = {}): string {
  switch (rule.type) {
    case "property":
      return describeComparison(rule);
    case "tag":
      return `${rule.op === "has" ? "has" : "does not have"} tag ${quote(rule.tag)}`;
    case "list":
      return `${rule.op === "member" ? "is" : "is not"} in list ${named(names.lists, rule.listId)}`;
    case "segment":
      return `${rule.op === "member" ? "is" : "is not"} in segment ${named(names.segments, rule.segmentId)}`;
    case "lifecycle":
      return `lifecycle stage ${STAGE[rule.op]} ${named(names.stages, rule.stage)}`;
    case "score": {
      const which = rule.score ? `${rule.score} score` : "score";
      if (rule.op === "between" && Array.isArray(rule.value)) return `${which} is between ${rule.value[0]} and ${rule.value[1]}`;
      return `${which} is ${COUNT[rule.op]} ${String(rule.value)}`;
    }
    case "event": {
      const filters = rule.filters?.length ? ` where ${rule.filters.map(describeComparison).join(" and ")}` : "";
      const window = rule.within ? ` in the last ${duration(rule.within)}` : "";
      const { op, value } = rule.count;
      const never = op === "equals" && value === 0;
      const times = never || (op === "gte" && value === 1) ? "" : ` ${COUNT[op]} ${value} ${value === 1 ? "time" : "times"}`;
      return `${never ? "never did" : "did"} ${quote(rule.name)}${filters}${times}${window}`;
    }
    case "engagement": {
      const target = rule.nodeId !== undefined ? `the email sent by step ${quote(rule.nodeId)}` : rule.templateId !== undefined ? `an email of template ${named(names.templates, rule.templateId)}` : `a message of campaign ${quote(rule.campaignId)}`;
      const window = rule.within ? ` in the last ${duration(rule.within)}` : "";
      return `${rule.action === "opened" ? "opened" : "clicked a link in"} ${target}${window}`;
    }
    case "all":
      return `all of ${rule.rules.length} conditions`;
    case "any":
      return `any of ${rule.rules.length} conditions`;
    case "not":
      return `not: ${describeCondition(rule.rule, names)}`;
  }
}
