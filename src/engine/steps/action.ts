import { performAction } from "../actions/index.js";
import type { StepHandlers } from "../runtime/step.js";

/** Performs the action inside the step's transaction, then goes on. */
export const actionStep: StepHandlers["action"] = async (ctx, node) => ({ kind: "next", to: node.next, record: await performAction(ctx, node.action, node.id) });
