export { compileRule, type RuleSqlContext } from "./compile.js";
export { sqlProblems, type RuleProblem } from "./problems.js";
