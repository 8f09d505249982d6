import { NotFoundError, ValidationError, type FieldProblem } from "../core/index.js";
import type { Deps } from "../deps.js";
import { withContactSession } from "../contacts/index.js";
import { countListMembers, selectListsOfContact, selectContactsByKeys } from "../store/index.js";
import type { ListOut } from "../schemas/list.js";
import { getListRow, listToApi } from "./lists.js";

/**
 * Adds contacts to a list, all or nothing: every unknown id is reported (`contactIds.<index>`)
 * and then nothing is added. Returns how many joined and the list's new size.
 */
export async function addListMembers(deps: Deps, workspaceId: string, listId: string, contactIds: string[]): Promise<{ added: number; memberCount: number }> {
  return withContactSession(deps, workspaceId, async (s) => {
    const list = await getListRow(deps, workspaceId, listId, s.transaction, true);
    await s.load({ ids: contactIds });
    const problems: FieldProblem[] = [];
    contactIds.forEach((id, i) => {
      if (!s.find({ id })) problems.push({ field: `contactIds.${i}`, message: `no contact ${JSON.stringify(id)} in this workspace` });
    });
    if (problems.length) throw new ValidationError(problems);
    await s.loadMemberships(contactIds);
    let added = 0;
    for (const id of new Set(contactIds)) if (await s.joinList(s.find({ id })!, list)) added++;
    const before = (await countListMembers(s.transaction, [listId])).get(listId) ?? 0;
    return { added, memberCount: before + added };
  });
}

/** Takes a contact out of a list; a contact that was not in it is left as it was. */
export async function removeListMember(deps: Deps, workspaceId: string, listId: string, contactId: string): Promise<void> {
  await withContactSession(deps, workspaceId, async (s) => {
    const list = await getListRow(deps, workspaceId, listId, s.transaction, true);
    await s.leaveList(await s.get({ id: contactId }), list);
  });
}

/** The lists a contact belongs to, by name; NotFoundError when there is no such contact. */
export async function listsOfContact(deps: Deps, workspaceId: string, contactId: string): Promise<ListOut[]> {
  const [contact] = await selectContactsByKeys(deps.db, deps.dialect, workspaceId, { ids: [contactId] }, false);
  if (!contact) throw new NotFoundError(`no contact with id ${JSON.stringify(contactId)}`);
  const rows = await selectListsOfContact(deps.db, workspaceId, contactId);
  const counts = await countListMembers(deps.db, rows.map((r) => r.id));
  return rows.map((r) => listToApi(r, counts.get(r.id) ?? 0));
}
