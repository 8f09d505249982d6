import type { Db } from "./contacts.js";
import type { MailboxMessageRow } from "./schema.js";

/** Keeps a message once per outbox key: a second insert for the same key does nothing. */
export async function insertMailboxMessage(db: Db, row: MailboxMessageRow): Promise<void> {
  await db.insertInto("mailbox_messages").values(row).onConflict((oc) => oc.column("outbox_key").doNothing()).execute();
}

/** The workspace's messages, newest first, before `beforeId` (the previous page's last id). */
export async function selectMailboxPage(db: Db, workspaceId: string, page: { beforeId?: string; limit: number }): Promise<MailboxMessageRow[]> {
  let q = db.selectFrom("mailbox_messages").selectAll().where("workspace_id", "=", workspaceId);
  if (page.beforeId !== undefined) q = q.where("id", "<", page.beforeId);
  return q.orderBy("id", "desc").limit(page.limit).execute();
}

export async function selectMailboxMessage(db: Db, workspaceId: string, id: string): Promise<MailboxMessageRow | undefined> {
  return db.selectFrom("mailbox_messages").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", id).executeTakeFirst();
}
