import { sql, type ExpressionBuilder } from "kysely";
import { insertRows } from "./bulk-insert.js";
import type { Db } from "./contacts.js";
import type { Dialect } from "./dialect.js";
import type { Database, ScheduledEnrolmentRow } from "./schema.js";

/** Keys per DELETE or UPDATE by key: three parameters each, well under either database's limit. */
const KEYS_PER_STATEMENT = 500;

export type ScheduledEnrolmentKey = Pick<ScheduledEnrolmentRow, "workflow_id" | "trigger_index" | "contact_id">;

/** The rows of these contacts, across workflows and triggers. */
export async function selectScheduledEnrolments(db: Db, contactIds: string[]): Promise<ScheduledEnrolmentRow[]> {
  if (!contactIds.length) return [];
  return db.selectFrom("scheduled_enrolments").selectAll().where("contact_id", "in", contactIds).execute();
}

/**
 * Writes the rows, replacing the value and due time of those that exist, except a row that has
 * fired for the same value (it may have fired since the caller read it): a date fires once.
 */
export async function upsertScheduledEnrolments(db: Db, dialect: Dialect, rows: ScheduledEnrolmentRow[]): Promise<void> {
  await insertRows(db, dialect, "scheduled_enrolments", rows, UPSERT);
}

const UPSERT =
  "on conflict (workflow_id, trigger_index, contact_id) do update set value = excluded.value, due_at = excluded.due_at" +
  " where not (scheduled_enrolments.due_at is null and scheduled_enrolments.value = excluded.value)";

/** Writes the rows that do not exist yet; an existing row was written later from fresher data. */
export async function insertScheduledEnrolmentsIfAbsent(db: Db, dialect: Dialect, rows: ScheduledEnrolmentRow[]): Promise<void> {
  await insertRows(db, dialect, "scheduled_enrolments", rows, "on conflict do nothing");
}

export async function deleteScheduledEnrolments(db: Db, keys: ScheduledEnrolmentKey[]): Promise<void> {
  for (let i = 0; i < keys.length; i += KEYS_PER_STATEMENT) {
    await db.deleteFrom("scheduled_enrolments").where((eb) => byKeys(eb, keys.slice(i, i + KEYS_PER_STATEMENT))).execute();
  }
}

/**
 * Takes up to `limit` rows due at `now`, earliest first, and marks them fired (due_at null), all
 * in the caller's transaction: the caller writes their enrolment requests in the same one, so a
 * due row is turned into exactly one request. On PostgreSQL rows another worker holds are
 * skipped. Reads the `due_at` index from its start, whatever the number of rows not yet due.
 */
export async function takeDueScheduledEnrolments(db: Db, dialect: Dialect, now: number, limit: number): Promise<ScheduledEnrolmentRow[]> {
  const due = await dialect
    .forUpdateSkipLocked(db.selectFrom("scheduled_enrolments").selectAll().where("due_at", "<=", now).orderBy("due_at").limit(limit))
    .execute();
  for (let i = 0; i < due.length; i += KEYS_PER_STATEMENT) {
    await db.updateTable("scheduled_enrolments").set({ due_at: null }).where((eb) => byKeys(eb, due.slice(i, i + KEYS_PER_STATEMENT))).execute();
  }
  return due;
}

/** When the next scheduled enrolment or trigger schedule falls due (epoch ms), read from their due indexes. */
export async function selectNextScheduledAt(db: Db): Promise<number | undefined> {
  const enrolment = await db.selectFrom("scheduled_enrolments").select(sql<number | null>`min(due_at)`.as("next")).executeTakeFirst();
  const schedule = await db.selectFrom("trigger_schedules").select(sql<number | null>`min(next_at)`.as("next")).executeTakeFirst();
  const times = [enrolment?.next, schedule?.next].filter((t): t is number => t !== null && t !== undefined).map(Number);
  return times.length ? Math.min(...times) : undefined;
}

function byKeys(eb: ExpressionBuilder<Database, "scheduled_enrolments">, keys: ScheduledEnrolmentKey[]) {
  return eb.or(keys.map((k) => eb.and([eb("workflow_id", "=", k.workflow_id), eb("trigger_index", "=", k.trigger_index), eb("contact_id", "=", k.contact_id)])));
}
