import type { Rule } from "../schemas/rule.js";
import { windowStart } from "./duration.js";
import { describeFilter, showValue, times, windowText } from "./explain.js";
import type { RuleFacts, Verdict } from "./facts.js";

type RuleOf<T extends Rule["type"]> = Extract<Rule, { type: T }>;

const COUNT_PHRASES = { gte: "at least", gt: "more than", lte: "at most", lt: "fewer than", equals: "exactly" } as const;

/** How many matching events in the window (UTC calendar units, ending now), against the rule's count. */
export function evaluateEvent(rule: RuleOf<"event">, facts: RuleFacts): Verdict {
  const since = rule.within === undefined ? null : windowStart(facts.now, rule.within);
  const count = facts.eventCount(rule.name, rule.filters, since);
  const needed = rule.count.value;
  const matched =
    rule.count.op === "gte" ? count >= needed
    : rule.count.op === "gt" ? count > needed
    : rule.count.op === "lte" ? count <= needed
    : rule.count.op === "lt" ? count < needed
    : count === needed;
  const filters = rule.filters?.length ? ` where ${rule.filters.map(describeFilter).join(" and ")}` : "";
  const happened = `${showValue(rule.name)}${filters} happened ${times(count)}${windowText(rule.within, " ever")}`;
  const expectation = `${COUNT_PHRASES[rule.count.op]} ${needed}`;
  return { matched, reason: matched ? `${happened} (${expectation})` : `${happened}, needs ${expectation}` };
}

/** Whether the message that step `nodeId` of this run sent was opened or clicked in the window. */
export function evaluateEngagement(rule: RuleOf<"engagement">, facts: RuleFacts): Verdict {
  const since = rule.within === undefined ? null : windowStart(facts.now, rule.within);
  const engaged = facts.engaged(rule.action, rule.nodeId, since);
  const did = rule.action === "opened" ? (engaged ? "opened" : "did not open") : engaged ? "clicked a link in" : "did not click a link in";
  return { matched: engaged, reason: `${did} the message sent by step ${JSON.stringify(rule.nodeId)}${windowText(rule.within, "")}` };
}
