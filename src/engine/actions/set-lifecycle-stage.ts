import type { ActionHandlers } from "../runtime/step.js";

/** Moves the contact to a stage of the workspace's funnel (an unknown stage is a ValidationError). */
export const setLifecycleStage: ActionHandlers["set_lifecycle_stage"] = async ({ session, contact }, { stage }) => {
  const before = contact.lifecycleStage;
  await session.setLifecycleStage(contact, stage, "workflow");
  return { decision: `lifecycle stage ${stage}`, ...(before === stage ? { reason: "the contact was already at this stage" } : {}) };
};
