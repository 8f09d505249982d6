import { evaluateRule } from "../../rules/index.js";
import type { StepHandlers } from "../runtime/step.js";

/** If/else: the rule's verdict picks `yes` or `no`, and its reason is kept with the step. */
export const conditionStep: StepHandlers["condition"] = async (ctx, node) => {
  const verdict = evaluateRule(node.rule, await ctx.facts([node.rule]));
  const decision = verdict.matched ? "yes" : "no";
  return { kind: "next", to: verdict.matched ? node.yes : node.no, record: { decision, reason: verdict.reason, verdict } };
};
