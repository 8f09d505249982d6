import type { Db } from "./contacts.js";
import type { InAppMessageRow } from "./schema.js";

export async function insertInAppMessage(db: Db, row: InAppMessageRow): Promise<void> {
  await db.insertInto("in_app_messages").values(row).execute();
}

/** A contact's messages, newest first, optionally only the unread ones. */
export async function selectInAppMessages(db: Db, contactId: string, o: { unreadOnly: boolean; limit: number }): Promise<InAppMessageRow[]> {
  let q = db.selectFrom("in_app_messages").selectAll().where("contact_id", "=", contactId);
  if (o.unreadOnly) q = q.where("read_at", "is", null);
  return q.orderBy("created_at", "desc").orderBy("id", "desc").limit(o.limit).execute();
}

export async function selectInAppMessage(db: Db, workspaceId: string, id: string): Promise<InAppMessageRow | undefined> {
  return db.selectFrom("in_app_messages").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", id).executeTakeFirst();
}

/** Marks the message read once; says whether this call did. */
export async function markInAppMessageRead(db: Db, id: string, at: number): Promise<boolean> {
  const result = await db.updateTable("in_app_messages").set({ read_at: at }).where("id", "=", id).where("read_at", "is", null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
