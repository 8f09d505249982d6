import type { ActionHandlers } from "../runtime/step.js";

export const changeScore: ActionHandlers["change_score"] = async ({ session, contact }, { delta }) => {
  const before = contact.score;
  session.setScore(contact, before + delta, "workflow");
  return { decision: `score ${delta < 0 ? "" : "+"}${delta}`, reason: `from ${before} to ${contact.score}` };
};
