import type { StepHandlers } from "../runtime/step.js";

/** Reaching a goal step ends the run as a conversion. */
export const goalStep: StepHandlers["goal"] = async (_ctx, node) => ({
  kind: "end",
  outcome: "converted",
  record: { decision: node.name === undefined ? "goal reached" : `goal ${JSON.stringify(node.name)} reached`, reason: "the run reached a goal step" },
});
