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

/**
 * Whether the contact opened (clicked a link in) the message that step `nodeId` of this run sent,
 * or any message of a template or a campaign, in the window.
 */
export function evaluateEngagement(rule: RuleOf<"engagement">, facts: RuleFacts): Verdict {
  const since = rule.within === undefined ? null : windowStart(facts.now, rule.within);
  const asEvent = engagementAsEvent(rule);
  const engaged = asEvent === undefined ? facts.engaged(rule.action, rule.nodeId!, since) : facts.eventCount(asEvent.name, asEvent.filters, since) > 0;
  const did = rule.action === "opened" ? (engaged ? "opened" : "did not open") : engaged ? "clicked a link in" : "did not click a link in";
  const what =
    rule.nodeId !== undefined ? `the message sent by step ${JSON.stringify(rule.nodeId)}`
    : rule.templateId !== undefined ? `a message of template ${rule.templateId}`
    : `a message of campaign ${rule.campaignId}`;
  return { matched: engaged, reason: `${did} ${what}${windowText(rule.within, "")}` };
}

/**
 * Engagement with a template or a campaign is "at least one email.opened (clicked) event naming
 * it": the same question as an event rule, so SQL and memory answer it the same way. Engagement
 * with a step of the current run has no such form (it needs the run).
 */
export function engagementAsEvent(rule: RuleOf<"engagement">): RuleOf<"event"> | undefined {
  const [property, value] = rule.templateId !== undefined ? ["templateId", rule.templateId] : rule.campaignId !== undefined ? ["campaignId", rule.campaignId] : [];
  if (property === undefined) return undefined;
  return {
    type: "event",
    name: `email.${rule.action}`,
    filters: [{ property, op: "equals", value }],
    count: { op: "gte", value: 1 },
    ...(rule.within === undefined ? {} : { within: rule.within }),
  };
}
