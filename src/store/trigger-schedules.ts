import type { Db } from "./contacts.js";
import type { Dialect } from "./dialect.js";
import type { TriggerScheduleRow } from "./schema.js";

/** The schedules of these workflows, in trigger order. */
export async function selectTriggerSchedules(db: Db, workflowIds: string[]): Promise<TriggerScheduleRow[]> {
  if (!workflowIds.length) return [];
  return db.selectFrom("trigger_schedules").selectAll().where("workflow_id", "in", workflowIds).orderBy("workflow_id").orderBy("trigger_index").execute();
}

export async function insertTriggerSchedules(db: Db, rows: TriggerScheduleRow[]): Promise<void> {
  if (rows.length) await db.insertInto("trigger_schedules").values(rows).execute();
}

export async function updateTriggerSchedule(
  db: Db,
  key: { workflowId: string; triggerIndex: number },
  set: Partial<Pick<TriggerScheduleRow, "version" | "next_at" | "occurrence" | "cursor" | "attempts" | "error" | "updated_at">>,
): Promise<void> {
  await db.updateTable("trigger_schedules").set(set).where("workflow_id", "=", key.workflowId).where("trigger_index", "=", key.triggerIndex).execute();
}

/**
 * Drops the workflow's schedules at `triggerIndexes` (all when absent) with the date.due
 * enrolments scheduled for them.
 */
export async function deleteTriggerSchedules(db: Db, workflowId: string, triggerIndexes?: number[]): Promise<void> {
  if (triggerIndexes?.length === 0) return;
  let enrolments = db.deleteFrom("scheduled_enrolments").where("workflow_id", "=", workflowId);
  let schedules = db.deleteFrom("trigger_schedules").where("workflow_id", "=", workflowId);
  if (triggerIndexes) {
    enrolments = enrolments.where("trigger_index", "in", triggerIndexes);
    schedules = schedules.where("trigger_index", "in", triggerIndexes);
  }
  await enrolments.execute();
  await schedules.execute();
}

/**
 * The earliest due schedule, locked until the transaction ends; on PostgreSQL one that another
 * worker holds is skipped, so workers share the due schedules. Reads the `next_at` index from
 * its start, whatever the number of schedules not yet due.
 */
export async function selectDueTriggerScheduleForUpdate(db: Db, dialect: Dialect, now: number): Promise<TriggerScheduleRow | undefined> {
  return dialect
    .forUpdateSkipLocked(db.selectFrom("trigger_schedules").selectAll().where("next_at", "<=", now).orderBy("next_at").limit(1))
    .executeTakeFirst();
}

/** The workspace's active date.due triggers: what property and time-zone changes are checked against. */
export async function selectDateDueTriggers(db: Db, workspaceId: string): Promise<Pick<TriggerScheduleRow, "workflow_id" | "trigger_index" | "trigger">[]> {
  return db
    .selectFrom("trigger_schedules")
    .select(["workflow_id", "trigger_index", "trigger"])
    .where("workspace_id", "=", workspaceId)
    .where("type", "=", "date.due")
    .execute();
}

/** Up to `limit` member ids of a list after `afterId`, in id order: one page of a schedule's audience. */
export async function selectListMemberIdsAfter(db: Db, listId: string, afterId: string | null, limit: number): Promise<string[]> {
  let q = db.selectFrom("list_members").select("contact_id").where("list_id", "=", listId);
  if (afterId !== null) q = q.where("contact_id", ">", afterId);
  return (await q.orderBy("contact_id").limit(limit).execute()).map((r) => r.contact_id);
}

/**
 * Up to `limit` contacts of the workspace after `afterId`, in id order, with what a date.due
 * instant is computed from; share-locked on PostgreSQL so that a concurrent change to one of them
 * commits first (and is then read) or waits for this transaction.
 */
export async function selectContactDatesAfter(
  db: Db,
  dialect: Dialect,
  workspaceId: string,
  afterId: string | null,
  limit: number,
): Promise<{ id: string; properties: unknown; timezone: string | null }[]> {
  let q = db.selectFrom("contacts").select(["id", "properties", "timezone"]).where("workspace_id", "=", workspaceId);
  if (afterId !== null) q = q.where("id", ">", afterId);
  return dialect.forShare(q.orderBy("id").limit(limit)).execute();
}
