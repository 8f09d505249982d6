import { sql, type Selectable } from "kysely";
import type { Db } from "./contacts.js";
import type { Dialect } from "./dialect.js";
import type { Database } from "./schema.js";

/** Work-queue tables: rows fall due at `due_at` and are held by a worker until `lease_until`. */
type QueueTable = "timers" | "enrolment_requests" | "run_wakeups" | "outbox" | "webhook_deliveries";
type KeyOf<T extends QueueTable> = T extends "timers" ? "run_id" : "id";

const KEYS: { [T in QueueTable]: KeyOf<T> } = { timers: "run_id", enrolment_requests: "id", run_wakeups: "id", outbox: "id", webhook_deliveries: "id" };

/** Queues whose rows stay once done (with their outcome): only the pending ones are work. */
const KEEPS_DONE: ReadonlySet<QueueTable> = new Set(["outbox", "webhook_deliveries"]);

/**
 * Claims up to `limit` due rows of a work queue, earliest first, for `leaseMs`: a claimed row is
 * skipped by other workers until its lease runs out (its worker died), then claimed again. The
 * select reads the `due_at` index from its start, so the cost does not grow with the rows not yet
 * due; on PostgreSQL it skips rows another worker is claiming (FOR UPDATE SKIP LOCKED).
 */
export async function claimDue<T extends QueueTable>(db: Db, dialect: Dialect, table: T, now: number, limit: number, leaseMs: number): Promise<Selectable<Database[T]>[]> {
  // Kysely cannot follow a table chosen by a type parameter. The statements are the same for
  // every queue table, and run_wakeups has both key columns, so its type stands in for all.
  const t = table as "run_wakeups";
  const key = KEYS[table] as "id" | "run_id";
  let pending = db.selectFrom(t).select(key);
  if (KEEPS_DONE.has(table)) pending = pending.where(sql<string>`status`, "=", "pending");
  const due = dialect.forUpdateSkipLocked(
    pending
      .where("due_at", "<=", now)
      .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<=", now)]))
      .orderBy("due_at")
      .limit(limit),
  );
  const rows = await db.updateTable(t).set({ lease_until: now + leaseMs }).where(key, "in", due).returningAll().execute();
  return rows as Selectable<Database[T]>[];
}

/** Puts a claimed row whose work failed back in line for `retryAt`, counting the attempt. */
export async function retryDue(db: Db, table: QueueTable, key: string, retryAt: number): Promise<void> {
  const t = table as "run_wakeups";
  await db
    .updateTable(t)
    .set((eb) => ({ due_at: retryAt, lease_until: null, attempts: eb("attempts", "+", 1) }))
    .where(KEYS[table] as "id", "=", key)
    .execute();
}
