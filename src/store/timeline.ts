import type { Db } from "./contacts.js";
import type { EventRow } from "./schema.js";

/** Where a timeline page starts: strictly before this (timestamp, id). */
export interface TimelinePosition {
  timestamp: number;
  id: string;
}

export interface TimelineFilter {
  kind?: string;
  name?: string;
  /** Any of these names. */
  names?: string[];
}

/** A contact's events newest first by (timestamp desc, id desc), `limit` of them after `before`. */
export async function selectTimelinePage(
  db: Db,
  workspaceId: string,
  contactId: string,
  filter: TimelineFilter,
  page: { before?: TimelinePosition; limit: number },
): Promise<EventRow[]> {
  let q = db.selectFrom("events").selectAll().where("workspace_id", "=", workspaceId).where("contact_id", "=", contactId);
  if (filter.kind !== undefined) q = q.where("kind", "=", filter.kind);
  if (filter.name !== undefined) q = q.where("name", "=", filter.name);
  if (filter.names !== undefined) q = q.where("name", "in", filter.names);
  const before = page.before;
  if (before) {
    q = q.where((eb) =>
      eb.or([eb("timestamp", "<", before.timestamp), eb.and([eb("timestamp", "=", before.timestamp), eb("id", "<", before.id)])]),
    );
  }
  return q.orderBy("timestamp", "desc").orderBy("id", "desc").limit(page.limit).execute();
}

/** Every event of a contact, oldest first (GDPR export). */
export async function selectAllEventsOf(db: Db, workspaceId: string, contactId: string): Promise<EventRow[]> {
  return db
    .selectFrom("events")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("contact_id", "=", contactId)
    .orderBy("timestamp")
    .orderBy("id")
    .execute();
}

/** The anonymous (device/browser) ids resolved to a contact. */
export async function selectAnonymousIdsOf(db: Db, workspaceId: string, contactId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("anonymous_ids")
    .select("anonymous_id")
    .where("workspace_id", "=", workspaceId)
    .where("contact_id", "=", contactId)
    .orderBy("created_at")
    .orderBy("anonymous_id")
    .execute();
  return rows.map((r) => r.anonymous_id);
}
