import { StepUnavailableError, type ActionHandlers } from "../runtime/step.js";

/** Gives the contact to one user of the workspace (an unknown user is a ValidationError). */
export const assignOwner: ActionHandlers["assign_owner"] = async ({ session, contact }, { owner }) => {
  // Taking turns needs a cursor shared by every worker, which the engine's store does not have yet.
  if ("roundRobin" in owner) throw new StepUnavailableError("round-robin owner assignment");
  const before = contact.ownerId;
  await session.setOwner(contact, owner.userId);
  return { decision: `owner ${owner.userId}`, ...(before === owner.userId ? { reason: "the contact already had this owner" } : {}) };
};
