import { awaitsDelivery, performAction } from "../actions/index.js";
import type { StepHandlers } from "../runtime/step.js";

/**
 * Performs the action inside the step's transaction, then goes on (or waits for the delivery it
 * queued). A message the sending policy defers queued nothing: the run sleeps until the record's
 * `deferUntil` and then runs this same step again.
 */
export const actionStep: StepHandlers["action"] = async (ctx, node) => {
  const { deferUntil, ...record } = await performAction(ctx, node.action, node.id);
  if (deferUntil !== undefined) return { kind: "wait", until: deferUntil, then: node.id, record };
  return awaitsDelivery(node.action) && !record.skipped ? { kind: "await", then: node.next, record } : { kind: "next", to: node.next, record };
};
