/** The visual editor of the rule language (docs/rules.md), shared by the segment builder and the workflow builder's conditions. */
export { NO_CHOICES, RuleChoicesContext, useLoadRuleChoices, useRuleChoices, type Get, type RuleChoices, type RuleScope } from "./choices.js";
export { describeComparison, describeCondition, type Names } from "./describe.js";
export { asRootGroup, freshCondition, groupView, isGroup } from "./group.js";
export { problemsAt, ruleProblems, type RuleProblems } from "./problems.js";
export { RuleNode } from "./rule-node.js";
export { RuleSummary } from "./rule-summary.js";
import "./rules.css";
