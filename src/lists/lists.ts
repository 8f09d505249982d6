import { NotFoundError, withUniqueName } from "../core/index.js";
import type { Deps } from "../deps.js";
import { detachAllThenRemove } from "../contacts/index.js";
import {
  countListMembers,
  deleteList as deleteListRow,
  insertList,
  selectList,
  selectListByName,
  selectListMemberIds,
  selectListPage,
  updateList as updateListRow,
  type Db,
  type ListRow,
} from "../store/index.js";
import type { ListCreate, ListOut, ListUpdate } from "../schemas/list.js";

export function listToApi(row: ListRow, memberCount: number): ListOut {
  return { id: row.id, name: row.name, description: row.description, memberCount, createdAt: new Date(row.created_at).toISOString() };
}

export async function createList(deps: Deps, workspaceId: string, input: ListCreate): Promise<ListOut> {
  const row: ListRow = { id: deps.ids(), workspace_id: workspaceId, name: input.name, description: input.description ?? null, created_at: deps.clock.now() };
  await withUniqueName("list", row.name, undefined, (name) => selectListByName(deps.db, workspaceId, name), () => insertList(deps.db, row));
  return listToApi(row, 0);
}

/**
 * The list or NotFoundError. Inside a transaction (`db`), `lock` holds the row so a concurrent
 * deletion waits for this change, or this change sees the list gone, instead of failing on the key.
 */
export async function getListRow(deps: Deps, workspaceId: string, id: string, db: Db = deps.db, lock = false): Promise<ListRow> {
  const row = await selectList(db, deps.dialect, workspaceId, id, lock);
  if (!row) throw new NotFoundError(`no list ${JSON.stringify(id)}`);
  return row;
}

export async function readList(deps: Deps, workspaceId: string, id: string): Promise<ListOut> {
  const row = await getListRow(deps, workspaceId, id);
  return listToApi(row, (await countListMembers(deps.db, [id])).get(id) ?? 0);
}

/** A page of lists in creation order, with their member counts. */
export async function listLists(deps: Deps, workspaceId: string, page: { afterId?: string; limit: number }): Promise<ListOut[]> {
  const rows = await selectListPage(deps.db, workspaceId, page);
  const counts = await countListMembers(deps.db, rows.map((r) => r.id));
  return rows.map((r) => listToApi(r, counts.get(r.id) ?? 0));
}

export async function updateList(deps: Deps, workspaceId: string, id: string, input: ListUpdate): Promise<ListOut> {
  const current = await getListRow(deps, workspaceId, id);
  const set: Partial<Pick<ListRow, "name" | "description">> = {};
  if (input.name !== undefined) set.name = input.name;
  if (input.description !== undefined) set.description = input.description;
  const write = () => updateListRow(deps.db, workspaceId, id, set);
  if (set.name !== undefined && set.name !== current.name) await withUniqueName("list", set.name, id, (name) => selectListByName(deps.db, workspaceId, name), write);
  else await write();
  return readList(deps, workspaceId, id);
}

/** Deletes a list; its members leave it through the contact session, each logging `list.left`. */
export async function deleteList(deps: Deps, workspaceId: string, id: string): Promise<void> {
  let list: ListRow | undefined;
  await detachAllThenRemove(deps, workspaceId, {
    async lock(s) {
      list = await selectList(s.transaction, deps.dialect, workspaceId, id, true);
      if (!list) throw new NotFoundError(`no list ${JSON.stringify(id)}`);
    },
    attached: (s, limit) => selectListMemberIds(s.transaction, id, limit),
    detach: async (s, contact) => void (await s.leaveList(contact, list!)),
    remove: (s) => deleteListRow(s.transaction, workspaceId, id),
  });
}
