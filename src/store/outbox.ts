import { sql } from "kysely";
import type { Db } from "./contacts.js";
import { claimDue } from "./claim.js";
import type { Dialect } from "./dialect.js";
import type { OutboxRow, OutboxTable } from "./schema.js";

export async function insertDelivery(db: Db, row: OutboxRow): Promise<void> {
  await db.insertInto("outbox").values(row).execute();
}

/** How many deliveries the run queued at this node so far (a jump may bring it back). */
export async function countDeliveriesAt(db: Db, runId: string, nodeId: string): Promise<number> {
  const { n } = await db
    .selectFrom("outbox")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("run_id", "=", runId)
    .where("node_id", "=", nodeId)
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** Claims up to `limit` due pending deliveries for `leaseMs` (see claimDue). */
export async function claimDueDeliveries(db: Db, dialect: Dialect, now: number, limit: number, leaseMs: number): Promise<OutboxRow[]> {
  return claimDue(db, dialect, "outbox", now, limit, leaseMs);
}

/** The delivery, locked until the transaction ends: its outcome is recorded once. */
export async function selectDeliveryForUpdate(db: Db, dialect: Dialect, id: string): Promise<OutboxRow | undefined> {
  return dialect.forUpdate(db.selectFrom("outbox").selectAll().where("id", "=", id)).executeTakeFirst();
}

/** Many deliveries, locked in id order until the transaction ends. */
export async function selectDeliveriesForUpdate(db: Db, dialect: Dialect, ids: string[]): Promise<OutboxRow[]> {
  if (!ids.length) return [];
  return dialect.forUpdateInOrder(db.selectFrom("outbox").selectAll().where("id", "in", ids), "id").execute();
}

export async function updateDelivery(
  db: Db,
  id: string,
  set: Partial<Pick<OutboxTable, "status" | "attempts" | "due_at" | "lease_until" | "last_error" | "response" | "updated_at" | "delivered_at">>,
): Promise<void> {
  await db.updateTable("outbox").set(set).where("id", "=", id).execute();
}

/**
 * Puts a delivery whose attempt failed back in line for `retryAt`, if `leaseUntil` still holds it;
 * false when another worker took it over meanwhile (its outcome wins).
 */
export async function retryDelivery(db: Db, id: string, leaseUntil: number, set: { attempts: number; retryAt: number; lastError: string; at: number }): Promise<boolean> {
  const r = await db
    .updateTable("outbox")
    .set({ attempts: set.attempts, due_at: set.retryAt, lease_until: null, last_error: set.lastError, updated_at: set.at })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .where("lease_until", "=", leaseUntil)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** When the next pending delivery falls due (epoch ms), or undefined when none is pending. */
export async function selectNextDeliveryDueAt(db: Db): Promise<number | undefined> {
  const row = await db.selectFrom("outbox").select(sql<number>`min(due_at)`.as("next")).where("status", "=", "pending").executeTakeFirst();
  return row?.next === null || row?.next === undefined ? undefined : Number(row.next);
}

/** A run's deliveries, oldest first. */
export async function selectDeliveriesOfRun(db: Db, runId: string): Promise<OutboxRow[]> {
  return db.selectFrom("outbox").selectAll().where("run_id", "=", runId).orderBy("id").execute();
}
