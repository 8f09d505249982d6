import type { Kysely } from "kysely";

/**
 * The (workspace, name, timestamp) index of events also carries the contact: a rule counting a
 * contact's events of one name in a window ("Page Viewed at least twice in 30 days") is then
 * answered from the index alone, without reading each matching event's row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex("events_workspace_name_timestamp_contact").on("events").columns(["workspace_id", "name", "timestamp", "contact_id"]).execute();
  await db.schema.dropIndex("events_workspace_name_timestamp").execute();
}
