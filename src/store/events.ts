import { insertRows } from "./bulk-insert.js";
import type { Dialect } from "./dialect.js";
import type { Db } from "./contacts.js";
import type { NewEventRow } from "./schema.js";

export async function insertEvents(db: Db, dialect: Dialect, rows: NewEventRow[]): Promise<void> {
  await insertRows(db, dialect, "events", rows);
}

/** The message ids among `messageIds` already stored: those calls were already accepted. */
export async function selectSeenMessageIds(db: Db, workspaceId: string, messageIds: string[]): Promise<Set<string>> {
  if (!messageIds.length) return new Set();
  const rows = await db
    .selectFrom("events")
    .select("message_id")
    .where("workspace_id", "=", workspaceId)
    .where("message_id", "in", messageIds)
    .execute();
  return new Set(rows.map((r) => r.message_id!));
}

export async function selectEvent(db: Db, id: string): Promise<Pick<NewEventRow, "id" | "name" | "properties" | "timestamp" | "contact_id"> | undefined> {
  return db.selectFrom("events").select(["id", "name", "properties", "timestamp", "contact_id"]).where("id", "=", id).executeTakeFirst();
}
