import type { Insertable } from "kysely";
import { insertRows } from "./bulk-insert.js";
import type { Db } from "./contacts.js";
import type { Dialect } from "./dialect.js";
import type { LifecycleChangeRow, LifecycleChangeTable } from "./schema.js";

/** Records stage changes; a change already recorded (same event id) is kept as it was. */
export async function insertLifecycleChanges(db: Db, dialect: Dialect, rows: Insertable<LifecycleChangeTable>[]): Promise<void> {
  await insertRows(db, dialect, "lifecycle_changes", rows, "on conflict do nothing");
}

/** Where a history page starts: strictly before this (changed_at, id). */
export interface LifecyclePosition {
  changedAt: number;
  id: string;
}

/** A contact's stage changes newest first by (changed_at desc, id desc), `limit` of them after `before`. */
export async function selectLifecycleChanges(
  db: Db,
  workspaceId: string,
  contactId: string,
  page: { before?: LifecyclePosition; limit: number },
): Promise<LifecycleChangeRow[]> {
  let q = db.selectFrom("lifecycle_changes").selectAll().where("workspace_id", "=", workspaceId).where("contact_id", "=", contactId);
  const before = page.before;
  if (before) {
    q = q.where((eb) =>
      eb.or([eb("changed_at", "<", before.changedAt), eb.and([eb("changed_at", "=", before.changedAt), eb("id", "<", before.id)])]),
    );
  }
  return q.orderBy("changed_at", "desc").orderBy("id", "desc").limit(page.limit).execute();
}
