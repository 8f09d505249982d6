import type { ActionHandlers } from "../runtime/step.js";

export const addTag: ActionHandlers["add_tag"] = async ({ session, contact }, { tag }) => {
  const had = (await session.tagsOf(contact)).has(tag);
  await session.addTags(contact, [tag]);
  return { decision: `tag ${tag} added`, ...(had ? { reason: "the contact already had it" } : {}) };
};

export const removeTag: ActionHandlers["remove_tag"] = async ({ session, contact }, { tag }) => {
  const had = (await session.tagsOf(contact)).has(tag);
  await session.removeTags(contact, [tag]);
  return { decision: `tag ${tag} removed`, ...(had ? {} : { reason: "the contact did not have it" }) };
};
