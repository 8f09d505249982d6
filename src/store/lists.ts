import type { Db } from "./contacts.js";
import type { Dialect } from "./dialect.js";
import type { ListRow } from "./schema.js";

export async function insertList(db: Db, row: ListRow): Promise<void> {
  await db.insertInto("lists").values(row).execute();
}

/** One list; `lock` holds it for update on PostgreSQL (so no contact can join it meanwhile). */
export async function selectList(db: Db, dialect: Dialect, workspaceId: string, id: string, lock = false): Promise<ListRow | undefined> {
  const query = db.selectFrom("lists").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", id);
  return (lock ? dialect.forUpdate(query) : query).executeTakeFirst();
}

export async function selectListByName(db: Db, workspaceId: string, name: string): Promise<ListRow | undefined> {
  return db.selectFrom("lists").selectAll().where("workspace_id", "=", workspaceId).where("name", "=", name).executeTakeFirst();
}

/** Lists in id (creation) order after `afterId`. */
export async function selectListPage(db: Db, workspaceId: string, page: { afterId?: string; limit: number }): Promise<ListRow[]> {
  let q = db.selectFrom("lists").selectAll().where("workspace_id", "=", workspaceId);
  if (page.afterId !== undefined) q = q.where("id", ">", page.afterId);
  return q.orderBy("id").limit(page.limit).execute();
}

/** The lists a contact belongs to, by name. */
export async function selectListsOfContact(db: Db, workspaceId: string, contactId: string): Promise<ListRow[]> {
  return db
    .selectFrom("lists")
    .innerJoin("list_members", "list_members.list_id", "lists.id")
    .selectAll("lists")
    .where("lists.workspace_id", "=", workspaceId)
    .where("list_members.contact_id", "=", contactId)
    .orderBy("lists.name")
    .execute();
}

/** Number of members of each list, in one grouped query; lists without members are absent. */
export async function countListMembers(db: Db, listIds: string[]): Promise<Map<string, number>> {
  if (!listIds.length) return new Map();
  const rows = await db
    .selectFrom("list_members")
    .select((eb) => ["list_id", eb.fn.countAll<number>().as("n")])
    .where("list_id", "in", listIds)
    .groupBy("list_id")
    .execute();
  return new Map(rows.map((r) => [r.list_id, Number(r.n)]));
}

export async function updateList(db: Db, workspaceId: string, id: string, set: Partial<Pick<ListRow, "name" | "description">>): Promise<void> {
  if (Object.keys(set).length === 0) return;
  await db.updateTable("lists").set(set).where("workspace_id", "=", workspaceId).where("id", "=", id).execute();
}

export async function deleteList(db: Db, workspaceId: string, id: string): Promise<void> {
  await db.deleteFrom("lists").where("workspace_id", "=", workspaceId).where("id", "=", id).execute();
}

/** Up to `limit` ids of the list's members. */
export async function selectListMemberIds(db: Db, listId: string, limit: number): Promise<string[]> {
  const rows = await db.selectFrom("list_members").select("contact_id").where("list_id", "=", listId).orderBy("contact_id").limit(limit).execute();
  return rows.map((r) => r.contact_id);
}
