import type { Rule } from "../schemas/rule.js";
import { evaluateEngagement, evaluateEvent } from "./activity-rules.js";
import { evaluateLifecycle, evaluateList, evaluateProperty, evaluateScore, evaluateSegment, evaluateTag } from "./contact-rules.js";
import type { RuleFacts, Verdict } from "./facts.js";

type Evaluators = { [T in Rule["type"]]: (rule: Extract<Rule, { type: T }>, facts: RuleFacts) => Verdict };

/**
 * Evaluates a rule for one contact, in memory, with the reason for every decision. all/any stop
 * at the first child that settles them; their `children` list the ones evaluated.
 */
export function evaluateRule(rule: Rule, facts: RuleFacts): Verdict {
  return (EVALUATORS[rule.type] as (rule: Rule, facts: RuleFacts) => Verdict)(rule, facts);
}

const EVALUATORS: Evaluators = {
  all: (rule, facts) => {
    const children: Verdict[] = [];
    for (const child of rule.rules) {
      const verdict = evaluateRule(child, facts);
      children.push(verdict);
      if (!verdict.matched) return { matched: false, reason: `condition ${children.length} of ${rule.rules.length} does not match${rest(children, rule.rules)}`, children };
    }
    return { matched: true, reason: rule.rules.length === 1 ? "the condition matches" : `all ${rule.rules.length} conditions match`, children };
  },
  any: (rule, facts) => {
    const children: Verdict[] = [];
    for (const child of rule.rules) {
      const verdict = evaluateRule(child, facts);
      children.push(verdict);
      if (verdict.matched) return { matched: true, reason: `condition ${children.length} of ${rule.rules.length} matches${rest(children, rule.rules)}`, children };
    }
    return { matched: false, reason: rule.rules.length === 1 ? "the condition does not match" : `none of the ${rule.rules.length} conditions match`, children };
  },
  not: (rule, facts) => {
    const inner = evaluateRule(rule.rule, facts);
    const reason = inner.matched ? `must not hold, but does: ${inner.reason}` : `does not hold, as required: ${inner.reason}`;
    return { matched: !inner.matched, reason, children: [inner] };
  },
  property: evaluateProperty,
  lifecycle: evaluateLifecycle,
  score: evaluateScore,
  tag: evaluateTag,
  list: evaluateList,
  segment: evaluateSegment,
  event: evaluateEvent,
  engagement: evaluateEngagement,
};

function rest(evaluated: Verdict[], all: Rule[]): string {
  return evaluated.length < all.length ? ", so the others were not checked" : "";
}
