import { NonRetriableError } from "../../core/index.js";
import { selectList, type ListRow } from "../../store/index.js";
import type { ActionHandlers, StepContext } from "../runtime/step.js";

export const addToList: ActionHandlers["add_to_list"] = async (ctx, { listId }) => {
  const list = await lockedList(ctx, listId);
  const joined = await ctx.session.joinList(ctx.contact, list);
  return { decision: `added to list ${JSON.stringify(list.name)}`, ...(joined ? {} : { reason: "the contact was already in it" }) };
};

export const removeFromList: ActionHandlers["remove_from_list"] = async (ctx, { listId }) => {
  const list = await lockedList(ctx, listId);
  const left = await ctx.session.leaveList(ctx.contact, list);
  return { decision: `removed from list ${JSON.stringify(list.name)}`, ...(left ? {} : { reason: "the contact was not in it" }) };
};

/** The list, held until the step commits so that it cannot be deleted under the change. */
async function lockedList(ctx: StepContext, listId: string): Promise<ListRow> {
  const list = await selectList(ctx.db, ctx.deps.dialect, ctx.run.workspaceId, listId, true);
  // Validation checked the list at publish; it has been deleted since, and retrying cannot bring it back.
  if (!list) throw new NonRetriableError(`list ${JSON.stringify(listId)} no longer exists in this workspace`);
  return list;
}
