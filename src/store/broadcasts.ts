import { sql } from "kysely";
import type { Db } from "./contacts.js";
import type { Dialect } from "./dialect.js";
import type { BroadcastRow, BroadcastTable } from "./schema.js";

export type NewBroadcastRow = Omit<BroadcastRow, "recipient_count" | "attempts"> & { recipient_count?: number; attempts?: number };
export type BroadcastUpdateRow = Partial<Omit<BroadcastTable, "id" | "workspace_id" | "recipient_count" | "attempts">> & { recipient_count?: number; attempts?: number };

export async function insertBroadcast(db: Db, row: NewBroadcastRow): Promise<void> {
  await db.insertInto("broadcasts").values(row).execute();
}

/** One broadcast of the workspace; `lock` holds it for update (PostgreSQL) until the transaction ends. */
export async function selectBroadcast(db: Db, dialect: Dialect, workspaceId: string, id: string, lock = false): Promise<BroadcastRow | undefined> {
  const query = db.selectFrom("broadcasts").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", id);
  return (lock ? dialect.forUpdate(query) : query).executeTakeFirst();
}

/** The sender's read: any workspace. */
export async function selectBroadcastForUpdate(db: Db, dialect: Dialect, id: string): Promise<BroadcastRow | undefined> {
  return dialect.forUpdate(db.selectFrom("broadcasts").selectAll().where("id", "=", id)).executeTakeFirst();
}

/** Broadcasts in id (creation) order after `afterId`. */
export async function selectBroadcastPage(db: Db, workspaceId: string, page: { afterId?: string; limit: number; status?: string }): Promise<BroadcastRow[]> {
  let q = db.selectFrom("broadcasts").selectAll().where("workspace_id", "=", workspaceId);
  if (page.afterId !== undefined) q = q.where("id", ">", page.afterId);
  if (page.status !== undefined) q = q.where("status", "=", page.status as BroadcastRow["status"]);
  return q.orderBy("id").limit(page.limit).execute();
}

export async function updateBroadcastRow(db: Db, id: string, set: BroadcastUpdateRow): Promise<void> {
  await db.updateTable("broadcasts").set(set).where("id", "=", id).execute();
}

export async function deleteBroadcastRow(db: Db, workspaceId: string, id: string): Promise<void> {
  await db.deleteFrom("broadcasts").where("workspace_id", "=", workspaceId).where("id", "=", id).execute();
}

/**
 * Claims up to `limit` broadcasts whose own next step is due (start, winner, resend), holding each
 * by moving `next_at` to `leaseUntil`; on PostgreSQL rows another worker is claiming are skipped.
 */
export async function claimDueBroadcasts(db: Db, dialect: Dialect, now: number, limit: number, leaseUntil: number): Promise<BroadcastRow[]> {
  const due = dialect.forUpdateSkipLocked(db.selectFrom("broadcasts").select("id").where("next_at", "<=", now).orderBy("next_at").limit(limit));
  return db.updateTable("broadcasts").set({ next_at: leaseUntil }).where("id", "in", due).returningAll().execute();
}

/** Broadcasts whose recipients are being sent (or may be: an A/B test's sample). */
export async function selectActiveBroadcasts(db: Db): Promise<BroadcastRow[]> {
  return db.selectFrom("broadcasts").selectAll().where("status", "in", ["sending", "testing"]).orderBy("id").execute();
}

/** The earliest `next_at` of any broadcast. */
export async function selectNextBroadcastAt(db: Db): Promise<number | undefined> {
  const row = await db.selectFrom("broadcasts").select(sql<number | null>`min(next_at)`.as("next")).where("next_at", "is not", null).executeTakeFirst();
  return row?.next === null || row?.next === undefined ? undefined : Number(row.next);
}

/** Recipient rows by phase, variant, status and reason: the stats' counts. */
export async function countBroadcastRecipients(db: Db, broadcastId: string): Promise<{ phase: string; variant: string | null; status: string; reason: string | null; n: number }[]> {
  const rows = await db
    .selectFrom("broadcast_recipients")
    .select((eb) => ["phase", "variant", "status", "reason", eb.fn.countAll<number>().as("n")])
    .where("broadcast_id", "=", broadcastId)
    .groupBy(["phase", "variant", "status", "reason"])
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** A bounce or complaint naming no message counts for a send to the same contact this soon before it, ms. */
const UNNAMED_NOTIFICATION_WINDOW = 3 * 86_400_000;

/**
 * Distinct contacts per phase, variant and event name that engaged with the broadcast's messages
 * since `since`: `email.opened`, `email.clicked`, `email.unsubscribed` (by the message id the
 * events carry), `email.bounced`, `email.complained` (by message id, ours or as our Message-ID
 * header, else by contact within 3 days after a send). Read from the events, newest index first.
 */
export async function countBroadcastEngagement(
  db: Db,
  dialect: Dialect,
  q: { workspaceId: string; broadcastId: string; since: number; names: string[]; phases?: string[] },
): Promise<{ phase: string; variant: string | null; name: string; n: number }[]> {
  if (!q.names.length) return [];
  const messageId = dialect.jsonMember(sql.ref("e.properties"), "messageId").text;
  let query = db
    .selectFrom("events as e")
    .innerJoin("broadcast_recipients as r", (join) => join.on("r.broadcast_id", "=", q.broadcastId).onRef("r.contact_id", "=", "e.contact_id"))
    .select((eb) => ["r.phase", "r.variant", "e.name", eb.fn.count<number>("r.contact_id").distinct().as("n")])
    .where("e.workspace_id", "=", q.workspaceId)
    .where("e.name", "in", q.names)
    .where("e.timestamp", ">=", q.since)
    .where("r.message_id", "is not", null)
    .where(
      sql<boolean>`(${messageId} = r.message_id or ${messageId} = '<' || r.message_id || '@parcours>'
        or (${messageId} is null and e.name in ('email.bounced', 'email.complained') and e.timestamp >= r.sent_at and e.timestamp < r.sent_at + ${UNNAMED_NOTIFICATION_WINDOW}))`,
    )
    .groupBy(["r.phase", "r.variant", "e.name"]);
  if (q.phases) query = query.where("r.phase", "in", q.phases);
  const rows = await query.execute();
  return rows.map((r) => ({ phase: r.phase, variant: r.variant, name: r.name!, n: Number(r.n) }));
}

/** The contacts among `contactIds` that opened a message of the broadcast since `since`. */
export async function selectBroadcastOpeners(db: Db, dialect: Dialect, q: { workspaceId: string; broadcastId: string; since: number; contactIds: string[] }): Promise<Set<string>> {
  if (!q.contactIds.length) return new Set();
  const campaign = dialect.jsonMember(sql.ref("properties"), "campaignId").text;
  const rows = await db
    .selectFrom("events")
    .select("contact_id")
    .distinct()
    .where("contact_id", "in", q.contactIds)
    .where("workspace_id", "=", q.workspaceId)
    .where("name", "=", "email.opened")
    .where("timestamp", ">=", q.since)
    .where(sql<boolean>`${campaign} = ${q.broadcastId}`)
    .execute();
  return new Set(rows.map((r) => r.contact_id));
}
