import { isParcoursError, NonRetriableError } from "../../core/index.js";
import type { Deps } from "../../deps.js";
import { Trigger } from "../../schemas/workflow/index.js";
import {
  fromJson,
  insertEnrolmentRequests,
  insertScheduledEnrolmentsIfAbsent,
  selectContactDatesAfter,
  selectDueTriggerScheduleForUpdate,
  toJson,
  updateTriggerSchedule,
  type Db,
  type TriggerScheduleRow,
} from "../../store/index.js";
import { MAX_ATTEMPTS, retryDelay } from "../runtime/retry.js";
import { audiencePage } from "./audience.js";
import { nextOccurrence, type ScheduleTrigger } from "./cron.js";
import { planDateDue, type DateDueTrigger } from "./date-due.js";

/** Contacts per batch: one batch is one short transaction. */
const PAGE = 500;

type Step = Pick<TriggerScheduleRow, "next_at" | "occurrence" | "cursor" | "attempts" | "error">;

/**
 * Works one batch of the earliest due schedule, in one transaction that holds its row (SKIP
 * LOCKED on PostgreSQL, so workers share schedules): a cron occurrence writes enrolment requests
 * for the next page of its audience, a date.due backfill schedules the next page of contacts;
 * the cursor moves in the same transaction, so a crash neither loses nor repeats anybody.
 * Returns false when no schedule is due.
 */
export async function workDueSchedule(deps: Deps): Promise<boolean> {
  const now = deps.clock.now();
  let claimed: TriggerScheduleRow | undefined;
  try {
    await deps.db.transaction().execute(async (trx) => {
      claimed = await selectDueTriggerScheduleForUpdate(trx, deps.dialect, now);
      if (!claimed) return;
      const trigger = Trigger.parse(fromJson(claimed.trigger));
      if (trigger.type !== "schedule" && trigger.type !== "date.due") throw new NonRetriableError(`trigger ${trigger.type} is not fired by a schedule`);
      const step = trigger.type === "schedule" ? await fireBatch(deps, trx, claimed, trigger, now) : await backfillBatch(deps, trx, claimed, trigger);
      await updateTriggerSchedule(trx, key(claimed), { ...step, updated_at: now });
    });
  } catch (err) {
    if (!claimed) throw err;
    await recordFailure(deps, claimed, err, now);
  }
  return claimed !== undefined;
}

async function fireBatch(deps: Deps, db: Db, row: TriggerScheduleRow, trigger: ScheduleTrigger, now: number): Promise<Step> {
  const occurrence = row.occurrence ?? row.next_at!;
  const ids = await audiencePage(db, deps.dialect, row.workspace_id, trigger, row.cursor, PAGE);
  const recorded = toJson({ ...trigger, triggerIndex: row.trigger_index, occurrence: new Date(occurrence).toISOString() });
  await insertEnrolmentRequests(
    db,
    deps.dialect,
    ids.map((contactId) => ({ id: deps.ids(), workspace_id: row.workspace_id, workflow_id: row.workflow_id, contact_id: contactId, trigger: recorded, due_at: now, lease_until: null, attempts: 0 })),
  );
  if (ids.length === PAGE) return { next_at: row.next_at, occurrence, cursor: ids.at(-1)!, attempts: 0, error: row.error };
  // Occurrences missed while no worker ran are not caught up one by one: the next is after now.
  return { next_at: nextOccurrence(trigger, Math.max(occurrence, now)), occurrence: null, cursor: null, attempts: 0, error: null };
}

/** Contacts whose date falls due after the trigger became active are scheduled; earlier ones never fire. */
async function backfillBatch(deps: Deps, db: Db, row: TriggerScheduleRow, trigger: DateDueTrigger): Promise<Step> {
  const since = row.occurrence ?? row.next_at!;
  const contacts = await selectContactDatesAfter(db, deps.dialect, row.workspace_id, row.cursor, PAGE);
  const rows = contacts.flatMap((c) => {
    const change = planDateDue(trigger, { properties: fromJson<Record<string, unknown>>(c.properties) ?? {}, timezone: c.timezone }, undefined, since);
    if (change.kind !== "write") return [];
    return [{ workflow_id: row.workflow_id, trigger_index: row.trigger_index, contact_id: c.id, workspace_id: row.workspace_id, value: change.value, due_at: change.dueAt }];
  });
  await insertScheduledEnrolmentsIfAbsent(db, deps.dialect, rows);
  if (contacts.length === PAGE) return { next_at: row.next_at, occurrence: since, cursor: contacts.at(-1)!.id, attempts: 0, error: row.error };
  return { next_at: null, occurrence: null, cursor: null, attempts: 0, error: null };
}

/**
 * A failed batch changed nothing (its transaction rolled back). The error is logged and kept on
 * the row; the batch is retried with backoff, or, when retrying cannot help or attempts run out,
 * the occurrence is given up and the schedule waits for its next one.
 */
async function recordFailure(deps: Deps, row: TriggerScheduleRow, err: unknown, now: number): Promise<void> {
  const attempts = row.attempts + 1;
  const permanent = err instanceof NonRetriableError || (isParcoursError(err) && err.status < 500) || attempts >= MAX_ATTEMPTS;
  const occurrence = row.occurrence ?? row.next_at;
  const error = toJson({
    name: err instanceof Error ? err.name : "Error",
    message: err instanceof Error ? err.message : String(err),
    at: new Date(now).toISOString(),
    occurrence: occurrence === null ? null : new Date(occurrence).toISOString(),
    attempts,
  });
  const log = { err, workflowId: row.workflow_id, triggerIndex: row.trigger_index, attempts };
  if (!permanent) {
    deps.logger.warn(log, "scheduled trigger batch failed, retrying");
    await updateTriggerSchedule(deps.db, key(row), { next_at: now + retryDelay(row.attempts), attempts, error, updated_at: now });
    return;
  }
  deps.logger.error(log, "scheduled trigger occurrence given up");
  await updateTriggerSchedule(deps.db, key(row), { next_at: giveUpUntil(row, now), occurrence: null, cursor: null, attempts: 0, error, updated_at: now });
}

/** A schedule waits for its next occurrence after now; a backfill stops. */
function giveUpUntil(row: TriggerScheduleRow, now: number): number | null {
  if (row.type !== "schedule") return null;
  try {
    return nextOccurrence(fromJson<ScheduleTrigger>(row.trigger), Math.max(row.occurrence ?? row.next_at ?? now, now));
  } catch {
    return null;
  }
}

const key = (row: TriggerScheduleRow) => ({ workflowId: row.workflow_id, triggerIndex: row.trigger_index });
