import type { Rule } from "../schemas/rule.js";
import { judgeComparison } from "./compare.js";
import { describeComparison } from "./explain.js";
import type { RuleFacts, Verdict } from "./facts.js";

type RuleOf<T extends Rule["type"]> = Extract<Rule, { type: T }>;

/** A property compared as its recorded type; an absent property is "not set". */
export function evaluateProperty(rule: RuleOf<"property">, facts: RuleFacts): Verdict {
  const { properties } = facts.contact;
  // Own keys only: a property named "constructor" must not read Object.prototype.
  const actual = Object.hasOwn(properties, rule.property) ? properties[rule.property] : undefined;
  const type = facts.propertyTypes.get(rule.property);
  const judged = judgeComparison(actual, rule, facts.now, type);
  return { matched: judged.matched, reason: describeComparison(actual, rule, judged, type) };
}

const STAGE_PHRASES = {
  is: ["", "be"],
  is_not: ["not", "be other than"],
  at_least: ["at least", "be at least"],
  at_most: ["at most", "be at most"],
} as const;

/**
 * Stages compare by their position in the workspace's funnel. No stage (or a stage the workspace
 * no longer has) is below every stage; a rule naming an unknown stage matches only with is_not.
 */
export function evaluateLifecycle(rule: RuleOf<"lifecycle">, facts: RuleFacts): Verdict {
  const stages = facts.lifecycleStages;
  const current = facts.contact.lifecycleStage;
  const target = stages.indexOf(rule.stage);
  const [does, to] = STAGE_PHRASES[rule.op];
  const subject = current === null ? "no lifecycle stage" : `stage ${current}`;
  if (target === -1) {
    const matched = rule.op === "is_not";
    return { matched, reason: `${subject}; the rule names ${JSON.stringify(rule.stage)}, which is not a lifecycle stage of this workspace` };
  }
  const position = current === null ? -1 : stages.indexOf(current);
  const matched =
    rule.op === "is" ? current === rule.stage : rule.op === "is_not" ? current !== rule.stage : rule.op === "at_least" ? position >= target : position <= target;
  if (!matched) return { matched, reason: `${subject}, needs to ${to} ${rule.stage}` };
  if (position === -1) return { matched, reason: `${subject}, which counts as below every stage, so ${does === "" ? "" : `${does} `}${rule.stage}` };
  return { matched, reason: `${subject} is ${does === "" ? "" : `${does} `}${rule.stage}` };
}

const SCORE_PHRASES = {
  equals: ["exactly", "be exactly"],
  gt: ["more than", "be more than"],
  gte: ["at least", "be at least"],
  lt: ["less than", "be less than"],
  lte: ["at most", "be at most"],
  between: ["between", "be between"],
} as const;

/** The score (the main one, or the named `rule.score`) against a number, or an inclusive range with "between". */
export function evaluateScore(rule: RuleOf<"score">, facts: RuleFacts): Verdict {
  const score = rule.score === undefined ? facts.contact.score : (facts.scores.get(rule.score) ?? 0);
  const name = rule.score === undefined ? "score" : `${rule.score} score`;
  const [does, to] = SCORE_PHRASES[rule.op];
  const range = Array.isArray(rule.value);
  // The schema lets op and value disagree; workflow validation reports it, evaluation refuses it.
  if ((rule.op === "between") !== range) {
    const needs = rule.op === "between" ? "two bounds, [low, high]" : "one number";
    return { matched: false, reason: `${name} ${score}; the rule is incomplete: "${rule.op}" needs ${needs}` };
  }
  const [low, high] = Array.isArray(rule.value) ? rule.value : [rule.value, rule.value];
  const operand = Array.isArray(rule.value) ? `${low} and ${high}` : String(low);
  const matched =
    rule.op === "between" ? low <= score && score <= high
    : rule.op === "equals" ? score === low
    : rule.op === "gt" ? score > low
    : rule.op === "gte" ? score >= low
    : rule.op === "lt" ? score < low
    : score <= low;
  return { matched, reason: matched ? `${name} ${score} is ${does} ${operand}` : `${name} ${score}, needs to ${to} ${operand}` };
}

/** Tags, lists and segments: the reason states what the contact has; `matched` says if the rule wanted it. */
export function evaluateTag(rule: RuleOf<"tag">, facts: RuleFacts): Verdict {
  const has = facts.hasTag(rule.tag);
  return { matched: has === (rule.op === "has"), reason: `${has ? "has" : "does not have"} tag ${JSON.stringify(rule.tag)}` };
}

export function evaluateList(rule: RuleOf<"list">, facts: RuleFacts): Verdict {
  const member = facts.inList(rule.listId);
  return { matched: member === (rule.op === "member"), reason: `${member ? "is" : "is not"} in list ${rule.listId}` };
}

export function evaluateSegment(rule: RuleOf<"segment">, facts: RuleFacts): Verdict {
  const member = facts.inSegment(rule.segmentId);
  return { matched: member === (rule.op === "member"), reason: `${member ? "is" : "is not"} in segment ${rule.segmentId}` };
}
