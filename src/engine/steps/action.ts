import { awaitsDelivery, performAction } from "../actions/index.js";
import type { StepHandlers } from "../runtime/step.js";

/** Performs the action inside the step's transaction, then goes on (or waits for the delivery it queued). */
export const actionStep: StepHandlers["action"] = async (ctx, node) => {
  const record = await performAction(ctx, node.action, node.id);
  return awaitsDelivery(node.action) && !record.skipped ? { kind: "await", then: node.next, record } : { kind: "next", to: node.next, record };
};
