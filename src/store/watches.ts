import type { Db } from "./contacts.js";
import type { Dialect } from "./dialect.js";
import { insertRows } from "./bulk-insert.js";
import type { RunWakeupRow, RunWatchRow } from "./schema.js";

/** Removes the run's watches: of one kind, or all of them (the run ended). */
export async function deleteWatches(db: Db, runId: string, kind?: RunWatchRow["kind"]): Promise<void> {
  let q = db.deleteFrom("run_watches").where("run_id", "=", runId);
  if (kind) q = q.where("kind", "=", kind);
  await q.execute();
}

export async function selectWatchesOfRuns(db: Db, runIds: string[]): Promise<RunWatchRow[]> {
  if (!runIds.length) return [];
  return db.selectFrom("run_watches").selectAll().where("run_id", "in", runIds).execute();
}

/** The watches of runs of these contacts: what a unit of work's events may wake. */
export async function selectWatchesOfContacts(db: Db, contactIds: string[]): Promise<RunWatchRow[]> {
  if (!contactIds.length) return [];
  return db.selectFrom("run_watches").selectAll().where("contact_id", "in", contactIds).execute();
}

export async function insertWakeups(db: Db, dialect: Dialect, rows: RunWakeupRow[]): Promise<void> {
  await insertRows(db, dialect, "run_wakeups", rows);
}

/** Deletes the wake-up if still held under `leaseUntil`; false when another worker took it over. */
export async function takeWakeup(db: Db, id: string, leaseUntil: number | null): Promise<boolean> {
  let q = db.deleteFrom("run_wakeups").where("id", "=", id);
  q = leaseUntil === null ? q.where("lease_until", "is", null) : q.where("lease_until", "=", leaseUntil);
  return Number((await q.executeTakeFirst()).numDeletedRows) > 0;
}

export async function deleteWakeup(db: Db, id: string): Promise<void> {
  await db.deleteFrom("run_wakeups").where("id", "=", id).execute();
}
