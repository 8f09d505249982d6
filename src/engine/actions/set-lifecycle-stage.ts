import type { ActionHandlers } from "../runtime/step.js";

/**
 * Moves the contact to a stage of the workspace's funnel (an unknown stage is a ValidationError);
 * with `forwardOnly`, a contact already at a later stage stays there and the step says why.
 */
export const setLifecycleStage: ActionHandlers["set_lifecycle_stage"] = async ({ session, contact, run }, { stage, forwardOnly }, nodeId) => {
  const cause = { kind: "workflow", detail: { workflowId: run.workflowId, version: run.version, runId: run.id, nodeId } };
  const decision = `lifecycle stage ${stage}`;
  if (forwardOnly) {
    const advance = await session.advanceLifecycleStage(contact, stage, cause);
    return advance.outcome === "moved" ? { decision } : { decision: `lifecycle stage kept at ${advance.stage}`, reason: advance.message };
  }
  const before = contact.lifecycleStage;
  await session.setLifecycleStage(contact, stage, cause);
  return { decision, ...(before === stage ? { reason: "the contact was already at this stage" } : {}) };
};
