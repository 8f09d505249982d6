import type { Db } from "./contacts.js";
import type { EventRow, ListRow, UserRow } from "./schema.js";

/** Set-based reads of the few rows a workflow simulation copies out of a workspace. */

export async function selectListsByIds(db: Db, workspaceId: string, ids: string[]): Promise<ListRow[]> {
  if (!ids.length) return [];
  return db.selectFrom("lists").selectAll().where("workspace_id", "=", workspaceId).where("id", "in", [...new Set(ids)]).execute();
}

export async function selectUsersByIds(db: Db, workspaceId: string, ids: string[]): Promise<UserRow[]> {
  if (!ids.length) return [];
  return db.selectFrom("users").selectAll().where("workspace_id", "=", workspaceId).where("id", "in", [...new Set(ids)]).execute();
}

/**
 * The newest `limit` events of a contact named one of `names`, from `since` (null: all time) up to
 * `until`, newest first: what event-count rules in a time window can see.
 */
export async function selectRecentEventsOf(
  db: Db,
  contactId: string,
  window: { names: string[]; since: number | null; until: number; limit: number },
): Promise<EventRow[]> {
  if (!window.names.length) return [];
  let q = db.selectFrom("events").selectAll().where("contact_id", "=", contactId).where("name", "in", window.names).where("timestamp", "<=", window.until);
  if (window.since !== null) q = q.where("timestamp", ">=", window.since);
  return q.orderBy("timestamp", "desc").limit(window.limit).execute();
}
