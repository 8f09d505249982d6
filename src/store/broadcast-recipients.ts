import { CompiledQuery, sql, type RawBuilder } from "kysely";
import type { Db } from "./contacts.js";
import type { Dialect } from "./dialect.js";
import type { BroadcastRecipientRow } from "./schema.js";

/** Where a snapshot takes its contacts from. */
export type RecipientSource =
  | { kind: "list"; listId: string }
  | { kind: "segment"; segmentId: string }
  /** The broadcast's own recipients that were sent a message and have not opened any since `since`. */
  | { kind: "non_openers"; broadcastId: string; since: number };

/** How a chunk's recipients are spread over phases, variants and due times. */
export interface SnapshotChunk {
  broadcastId: string;
  workspaceId: string;
  source: RecipientSource;
  /** Contacts after this id (exclusive), up to `upTo` (inclusive) when given. */
  after: string | null;
  upTo: string | undefined;
  /**
   * The first `size` rows in random order go to `phase` (spread over `variants` in turn when
   * given), the others to `restPhase` with no variant and no due time (waiting for the winner).
   */
  sample: { size: number; phase: string; variants: string[]; restPhase: string } | { phase: string };
  /** One instant, or one per contact time zone (others: `fallback`), or the sent time plus `shiftMs`. */
  due: { at: number } | { byZone: [string, number][]; fallback: number } | { sentPlusMs: number };
}

/** Up to this many rows in one statement of the set-based updates below. */
const KEYS_PER_STATEMENT = 1000;

function sourceRows(dialect: Dialect, s: RecipientSource, workspaceId: string): RawBuilder<unknown> {
  switch (s.kind) {
    case "list":
      return sql`from list_members m join contacts c on c.id = m.contact_id where m.list_id = ${s.listId}`;
    case "segment":
      return sql`from segment_members m join contacts c on c.id = m.contact_id where m.segment_id = ${s.segmentId}`;
    case "non_openers":
      return sql`from broadcast_recipients m join contacts c on c.id = m.contact_id
        where m.broadcast_id = ${s.broadcastId} and m.phase <> 'resend' and m.status = 'sent'
        and not exists (select 1 from events e where e.contact_id = m.contact_id and e.workspace_id = ${workspaceId}
          and e.name = 'email.opened' and e.timestamp >= ${s.since} and ${dialect.jsonMember(sql.ref("e.properties"), "campaignId").text} = ${s.broadcastId})`;
  }
}

function range(after: string | null, upTo: string | undefined): RawBuilder<unknown> {
  return sql`${after === null ? sql`` : sql` and m.contact_id > ${after}`}${upTo === undefined ? sql`` : sql` and m.contact_id <= ${upTo}`}`;
}

/** The id of the `size`th contact after `after` in the source, or undefined when fewer are left (the last chunk). */
export async function selectChunkEnd(db: Db, dialect: Dialect, workspaceId: string, source: RecipientSource, after: string | null, size: number): Promise<string | undefined> {
  const { rows } = await sql<{ contact_id: string }>`select m.contact_id ${sourceRows(dialect, source, workspaceId)}${range(after, undefined)}
    order by m.contact_id limit 1 offset ${size - 1}`.execute(db);
  return rows[0]?.contact_id;
}

/** How many contacts of the source lie in the chunk. */
export async function countChunk(db: Db, dialect: Dialect, workspaceId: string, source: RecipientSource, after: string | null, upTo: string | undefined): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n ${sourceRows(dialect, source, workspaceId)}${range(after, upTo)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** The time zones of the chunk's contacts (null for none). */
export async function selectChunkZones(db: Db, dialect: Dialect, workspaceId: string, source: RecipientSource, after: string | null, upTo: string | undefined): Promise<(string | null)[]> {
  const { rows } = await sql<{ timezone: string | null }>`select distinct c.timezone ${sourceRows(dialect, source, workspaceId)}${range(after, upTo)}`.execute(db);
  return rows.map((r) => r.timezone);
}

/**
 * Copies one chunk of the source into the broadcast's recipients in one INSERT … SELECT, queued;
 * a contact already there for that phase is left alone. Returns how many rows it added.
 */
export async function snapshotRecipients(db: Db, dialect: Dialect, c: SnapshotChunk): Promise<number> {
  const due =
    "at" in c.due
      ? sql`cast(${c.due.at} as bigint)`
      : "sentPlusMs" in c.due
        ? sql`m.sent_at + cast(${c.due.sentPlusMs} as bigint)`
        : c.due.byZone.length
          ? sql`case s_zone ${sql.join(c.due.byZone.map(([zone, at]) => sql`when ${zone} then cast(${at} as bigint)`), sql` `)} else cast(${c.due.fallback} as bigint) end`
          : sql`cast(${c.due.fallback} as bigint)`;
  const inner = sql`select m.contact_id as s_contact, c.timezone as s_zone, ${"sentPlusMs" in c.due ? sql`m.sent_at` : sql`null`} as s_sent,
    row_number() over (order by random()) as s_rn ${sourceRows(dialect, c.source, c.workspaceId)}${range(c.after, c.upTo)}`;
  const dueOf = "sentPlusMs" in c.due ? sql`s_sent + cast(${c.due.sentPlusMs} as bigint)` : due;
  let phase: RawBuilder<unknown>, variant: RawBuilder<unknown>, dueAt: RawBuilder<unknown>;
  if ("size" in c.sample) {
    const inSample = sql`s_rn <= ${c.sample.size}`;
    const turns = c.sample.variants.map((v, i) => sql`when ${i} then ${v}`);
    phase = sql`case when ${inSample} then ${c.sample.phase} else ${c.sample.restPhase} end`;
    variant = sql`case when ${inSample} then case (s_rn - 1) % ${c.sample.variants.length} ${sql.join(turns, sql` `)} end else null end`;
    dueAt = sql`case when ${inSample} then ${dueOf} else null end`;
  } else {
    phase = sql`${c.sample.phase}`;
    variant = sql`null`;
    dueAt = dueOf;
  }
  const result = await sql`insert into broadcast_recipients (broadcast_id, contact_id, phase, workspace_id, variant, status, due_at, attempts)
    select ${c.broadcastId}, s_contact, ${phase}, ${c.workspaceId}, ${variant}, 'queued', ${dueAt}, 0
    from (${inner}) s where true
    on conflict do nothing`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * The claimed rows of one broadcast, held until `leaseUntil` (their `due_at` until recorded),
 * earliest due first. The due rows are chosen in a CTE, evaluated once: PostgreSQL may run an
 * `IN (… LIMIT n FOR UPDATE SKIP LOCKED)` subquery again per row, claiming more than `n`.
 */
export async function claimBroadcastRecipients(db: Db, dialect: Dialect, broadcastId: string, now: number, limit: number, leaseUntil: number): Promise<BroadcastRecipientRow[]> {
  if (limit <= 0) return [];
  return db
    .with("due", (qb) =>
      dialect.forUpdateSkipLocked(
        qb.selectFrom("broadcast_recipients").select(["contact_id", "phase"]).where("broadcast_id", "=", broadcastId).where("status", "=", "queued").where("due_at", "<=", now).orderBy("due_at").limit(limit),
      ),
    )
    .updateTable("broadcast_recipients")
    .from("due")
    .set((eb) => ({ due_at: leaseUntil, attempts: eb("broadcast_recipients.attempts", "+", 1) }))
    .where("broadcast_recipients.broadcast_id", "=", broadcastId)
    .whereRef("broadcast_recipients.contact_id", "=", "due.contact_id")
    .whereRef("broadcast_recipients.phase", "=", "due.phase")
    // Unqualified: SQLite's RETURNING reads only the updated table (PostgreSQL adds due's two equal columns).
    .returningAll()
    .execute() as Promise<BroadcastRecipientRow[]>;
}

/** A recipient row's key within its broadcast. */
export interface RecipientKey {
  contactId: string;
  phase: string;
}

export interface SentRecipient extends RecipientKey {
  messageId: string;
}

/**
 * Marks claimed rows sent with their message ids. The caller passes only rows it still holds
 * (`selectHeldRecipients`, in the same transaction). No status condition here: with one, SQLite
 * plans the update through the due index and reads every recipient of the broadcast.
 */
export async function markRecipientsSent(db: Db, dialect: Dialect, broadcastId: string, leaseUntil: number, sentAt: number, items: SentRecipient[]): Promise<RecipientKey[]> {
  const out: RecipientKey[] = [];
  for (let i = 0; i < items.length; i += KEYS_PER_STATEMENT) {
    const chunk = items.slice(i, i + KEYS_PER_STATEMENT);
    // Written out rather than built with Kysely: a node per value cost more than the update itself.
    const params: unknown[] = [sentAt];
    const values = chunk.map((r) => `(${dialect.placeholder(params.push(r.contactId))}, ${dialect.placeholder(params.push(r.phase))}, ${dialect.placeholder(params.push(r.messageId))})`);
    const b = dialect.placeholder(params.push(broadcastId));
    const lease = dialect.placeholder(params.push(leaseUntil));
    const text = `update broadcast_recipients set status = 'sent', reason = null, message_id = v.column3, sent_at = ${dialect.placeholder(1)}, error = null
      from (values ${values.join(", ")}) as v
      where broadcast_recipients.broadcast_id = ${b} and broadcast_recipients.contact_id = v.column1 and broadcast_recipients.phase = v.column2
        and broadcast_recipients.due_at = ${lease}
      returning broadcast_recipients.contact_id, broadcast_recipients.phase`;
    const { rows } = await db.executeQuery<{ contact_id: string; phase: string }>(CompiledQuery.raw(text, params));
    out.push(...rows.map((r) => ({ contactId: r.contact_id, phase: r.phase })));
  }
  return out;
}

/**
 * The keys (`phase` NUL `contact id`) of the claimed rows this claim still holds: due at its lease's
 * end and queued, or skipped by a cancel that came while they were in flight. A row another
 * worker took over after the lease ran out is not among them, and must not be recorded twice.
 * Locks them on PostgreSQL until the transaction ends.
 */
export async function selectHeldRecipients(db: Db, dialect: Dialect, broadcastId: string, leaseUntil: number): Promise<Set<string>> {
  const rows = await dialect
    .forUpdate(
      db
        .selectFrom("broadcast_recipients")
        .select(["contact_id", "phase", "status", "reason"])
        .where("broadcast_id", "=", broadcastId)
        .where("status", "in", ["queued", "skipped"])
        .where("due_at", "=", leaseUntil),
    )
    .execute();
  return new Set(rows.filter((r) => r.status === "queued" || r.reason === "cancelled").map((r) => recipientKey({ contactId: r.contact_id, phase: r.phase })));
}

/** A recipient row's key as text, for sets. */
export function recipientKey(k: RecipientKey): string {
  return `${k.phase}\u0000${k.contactId}`;
}

/**
 * Skips claimed rows with a reason each (grouped: one statement per reason); the caller passes
 * only rows it still holds. Returns the keys skipped.
 */
export async function skipRecipients(db: Db, broadcastId: string, leaseUntil: number, items: (RecipientKey & { reason: string })[]): Promise<RecipientKey[]> {
  const out: RecipientKey[] = [];
  const byReason = new Map<string, RecipientKey[]>();
  for (const { reason, ...key } of items) byReason.set(reason, [...(byReason.get(reason) ?? []), key]);
  for (const [reason, keys] of byReason) {
    for (let i = 0; i < keys.length; i += KEYS_PER_STATEMENT) {
      const rows = await db
        .updateTable("broadcast_recipients")
        .set({ status: "skipped", reason })
        .where("broadcast_id", "=", broadcastId)
        .where("due_at", "=", leaseUntil)
        .where((eb) => eb(eb.refTuple("contact_id", "phase"), "in", keys.slice(i, i + KEYS_PER_STATEMENT).map((k) => eb.tuple(k.contactId, k.phase))))
        .returning(["contact_id", "phase"])
        .execute();
      out.push(...rows.map((r) => ({ contactId: r.contact_id, phase: r.phase })));
    }
  }
  return out;
}

/** Fails one claimed row for good (a 5xx, retries exhausted, a template that cannot render); the caller checked it still holds it. */
export async function failRecipient(db: Db, broadcastId: string, leaseUntil: number, key: RecipientKey, reason: string, error: string): Promise<boolean> {
  const rows = await db
    .updateTable("broadcast_recipients")
    .set({ status: "failed", reason, error })
    .where("broadcast_id", "=", broadcastId)
    .where("contact_id", "=", key.contactId)
    .where("phase", "=", key.phase)
    .where("due_at", "=", leaseUntil)
    .returning("contact_id")
    .execute();
  return rows.length > 0;
}

/** Puts claimed rows back in line for `retryAt` with the last error (JSON text); the caller checked it still holds them. */
export async function retryRecipients(db: Db, broadcastId: string, leaseUntil: number, retryAt: number, error: string, keys: RecipientKey[]): Promise<void> {
  for (let i = 0; i < keys.length; i += KEYS_PER_STATEMENT) {
    const chunk = keys.slice(i, i + KEYS_PER_STATEMENT);
    await db
      .updateTable("broadcast_recipients")
      .set({ due_at: retryAt, error })
      .where("broadcast_id", "=", broadcastId)
      .where("due_at", "=", leaseUntil)
      .where((eb) => eb(eb.refTuple("contact_id", "phase"), "in", chunk.map((k) => eb.tuple(k.contactId, k.phase))))
      .execute();
  }
}

/** The earliest due time of the broadcast's queued rows (including claims' lease ends). */
export async function selectNextRecipientDue(db: Db, broadcastId: string): Promise<number | undefined> {
  const row = await db
    .selectFrom("broadcast_recipients")
    .select(sql<number | null>`min(due_at)`.as("next"))
    .where("broadcast_id", "=", broadcastId)
    .where("status", "=", "queued")
    .executeTakeFirst();
  return row?.next === null || row?.next === undefined ? undefined : Number(row.next);
}

/** Whether some queued row of the broadcast has a due time (waiting for the winner does not count). */
export async function hasScheduledRecipients(db: Db, broadcastId: string): Promise<boolean> {
  const row = await db
    .selectFrom("broadcast_recipients")
    .select("contact_id")
    .where("broadcast_id", "=", broadcastId)
    .where("status", "=", "queued")
    .where("due_at", "is not", null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The rest of an A/B test's audience gets the winner, due `dueAt`. */
export async function assignWinner(db: Db, broadcastId: string, variant: string, dueAt: number): Promise<void> {
  await db.updateTable("broadcast_recipients").set({ variant, due_at: dueAt }).where("broadcast_id", "=", broadcastId).where("phase", "=", "winner").where("status", "=", "queued").execute();
}

/** A cancelled broadcast's queued rows are skipped (`cancelled`); rows in flight may still be marked sent. */
export async function cancelRecipients(db: Db, broadcastId: string): Promise<void> {
  await db.updateTable("broadcast_recipients").set({ status: "skipped", reason: "cancelled" }).where("broadcast_id", "=", broadcastId).where("status", "=", "queued").execute();
}

/** The first send time of the broadcast's messages (resends aside). */
export async function selectFirstSentAt(db: Db, broadcastId: string): Promise<number | undefined> {
  const row = await db
    .selectFrom("broadcast_recipients")
    .select(sql<number | null>`min(sent_at)`.as("first"))
    .where("broadcast_id", "=", broadcastId)
    .where("phase", "<>", "resend")
    .where("status", "=", "sent")
    .executeTakeFirst();
  return row?.first === null || row?.first === undefined ? undefined : Number(row.first);
}
