import { insertRows } from "./bulk-insert.js";
import { claimDue, retryDue } from "./claim.js";
import type { Db } from "./contacts.js";
import type { Dialect } from "./dialect.js";
import { selectNextScheduledAt } from "./scheduled-enrolments.js";
import type { RunStepTable, TimerRow, WorkflowRunRow } from "./schema.js";

/** The run, locked until the transaction ends so that two workers never advance it at once. */
export async function selectRunForUpdate(db: Db, dialect: Dialect, runId: string): Promise<WorkflowRunRow | undefined> {
  return dialect.forUpdate(db.selectFrom("workflow_runs").selectAll().where("id", "=", runId)).executeTakeFirst();
}

/** Many runs, locked in id order (see forUpdateInOrder) until the transaction ends. */
export async function selectRunsForUpdate(db: Db, dialect: Dialect, runIds: string[]): Promise<WorkflowRunRow[]> {
  if (!runIds.length) return [];
  return dialect.forUpdateInOrder(db.selectFrom("workflow_runs").selectAll().where("id", "in", runIds), "id").execute();
}

export async function selectRun(db: Db, workspaceId: string, runId: string): Promise<WorkflowRunRow | undefined> {
  return db.selectFrom("workflow_runs").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", runId).executeTakeFirst();
}

export async function updateRun(
  db: Db,
  id: string,
  set: Partial<Pick<WorkflowRunRow, "status" | "node_id" | "state" | "error" | "updated_at" | "ended_at">>,
): Promise<void> {
  await db.updateTable("workflow_runs").set(set).where("id", "=", id).execute();
}

/** The runs of these contacts in these workflows, newest first: one read for a batch of enrolments. */
export async function selectRunsOfContacts(db: Db, workflowIds: string[], contactIds: string[]): Promise<Pick<WorkflowRunRow, "id" | "workflow_id" | "contact_id" | "status" | "started_at">[]> {
  if (!workflowIds.length || !contactIds.length) return [];
  return db
    .selectFrom("workflow_runs")
    .select(["id", "workflow_id", "contact_id", "status", "started_at"])
    .where("contact_id", "in", contactIds)
    .where("workflow_id", "in", workflowIds)
    .orderBy("started_at", "desc")
    .execute();
}

export async function insertRuns(db: Db, dialect: Dialect, rows: WorkflowRunRow[]): Promise<void> {
  await insertRows(db, dialect, "workflow_runs", rows);
}

export async function insertRunSteps(db: Db, dialect: Dialect, rows: RunStepTable[]): Promise<void> {
  await insertRows(db, dialect, "run_steps", rows);
}

export async function selectRunSteps(db: Db, runId: string): Promise<RunStepTable[]> {
  return db.selectFrom("run_steps").selectAll().where("run_id", "=", runId).orderBy("id").execute();
}

/** Sets the run's one timer (replacing any), free for any worker to claim once due. */
export async function setTimer(db: Db, timer: { run_id: string; workspace_id: string; due_at: number }): Promise<void> {
  await db
    .insertInto("timers")
    .values({ ...timer, lease_until: null, attempts: 0 })
    .onConflict((oc) => oc.column("run_id").doUpdateSet({ due_at: timer.due_at, lease_until: null, attempts: 0 }))
    .execute();
}

export async function deleteTimer(db: Db, runId: string): Promise<void> {
  await db.deleteFrom("timers").where("run_id", "=", runId).execute();
}

export async function selectTimer(db: Db, runId: string): Promise<TimerRow | undefined> {
  return db.selectFrom("timers").selectAll().where("run_id", "=", runId).executeTakeFirst();
}

export async function selectTimers(db: Db, runIds: string[]): Promise<TimerRow[]> {
  if (!runIds.length) return [];
  return db.selectFrom("timers").selectAll().where("run_id", "in", runIds).execute();
}

/** Puts a timer whose step failed back in line for `retryAt`, counting the attempt. */
export async function retryTimer(db: Db, runId: string, retryAt: number): Promise<void> {
  await retryDue(db, "timers", runId, retryAt);
}

/** Claims up to `limit` due timers, earliest first, for `leaseMs` (see claimDue). */
export async function claimDueTimers(db: Db, dialect: Dialect, now: number, limit: number, leaseMs: number): Promise<TimerRow[]> {
  return claimDue(db, dialect, "timers", now, limit, leaseMs);
}

/**
 * When the next timer no worker holds falls due (epoch ms), or undefined when none is pending.
 * Read from the start of the `due_at` index, so it costs the same however many are pending.
 */
export async function selectNextDueAt(db: Db): Promise<number | undefined> {
  const row = await db.selectFrom("timers").select("due_at").where("lease_until", "is", null).orderBy("due_at").limit(1).executeTakeFirst();
  const timer = row === undefined ? undefined : Number(row.due_at);
  const scheduled = await selectNextScheduledAt(db);
  return timer === undefined || scheduled === undefined ? (timer ?? scheduled) : Math.min(timer, scheduled);
}

/** A contact's runs across workflows, newest first. */
export async function selectRunsOfContact(db: Db, workspaceId: string, contactId: string, limit: number): Promise<WorkflowRunRow[]> {
  return db
    .selectFrom("workflow_runs")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("contact_id", "=", contactId)
    .orderBy("started_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}
