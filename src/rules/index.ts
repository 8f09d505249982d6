export { type RuleFacts, type Verdict } from "./facts.js";
export { evaluateRule } from "./evaluate.js";
export { engagementAsEvent } from "./activity-rules.js";
export { compareValue, judgeComparison, type Judgement } from "./compare.js";
export { addDuration, windowStart, durationText } from "./duration.js";
export { parseInstant, typeOfValue, toTyped, type TypedValue } from "./typed-value.js";
export { describeComparison, describeFilter } from "./explain.js";
export { compileRule, sqlProblems, type RuleSqlContext, type RuleProblem } from "./sql/index.js";
