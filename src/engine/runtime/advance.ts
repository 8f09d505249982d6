import { isParcoursError, NonRetriableError } from "../../core/index.js";
import { withContactSession, type ContactSession } from "../../contacts/index.js";
import type { Deps } from "../../deps.js";
import type { Node } from "../../schemas/workflow/index.js";
import {
  deleteTimer,
  deleteWatches,
  fromJson,
  insertRunSteps,
  retryTimer,
  RunChanges,
  selectRunForUpdate,
  selectEvent,
  selectRunsForUpdate,
  selectTimers,
  toJson,
  updateRun,
  writeRunChanges,
  type Db,
  type RunStepTable,
  type TimerRow,
  type WorkflowRunRow,
} from "../../store/index.js";
import { stepHandlers } from "../steps/index.js";
import { inWorkspaceBatches } from "./batches.js";
import { criteriaMet } from "./criteria.js";
import { definitionOf } from "./definitions.js";
import { loadRuleFacts } from "./facts.js";
import { parseRunState } from "./run-state.js";
import { MAX_ATTEMPTS, retryDelay } from "./retry.js";
import type { Command, StepContext, TriggerEvent } from "./step.js";
import type { Wake } from "./watch.js";

/** Steps one advance may take without waiting: a safety net behind the validator's loop check. */
const MAX_STEPS = 200;

type Failed = { kind: "failed"; error: Record<string, unknown> };
type Outcome = Command | Failed;

/**
 * Advances the runs of claimed timers from their nodes until each waits or ends. A batch of one
 * workspace goes in one transaction: the steps' effects on the contacts, their history, the runs'
 * states and next timers commit together or not at all, written set-based. A timer whose lease
 * changed was taken over by another worker (this one was too slow): its run is left alone. If the
 * batch fails, each timer is advanced alone, so that only the run that failed is retried (with
 * backoff) or, when retrying cannot help or attempts run out, failed with the error kept.
 */
export async function advanceRuns(deps: Deps, timers: TimerRow[]): Promise<void> {
  await inWorkspaceBatches(
    deps,
    timers,
    (_, batch) => advanceTogether(deps, batch),
    (timer) => advanceTogether(deps, [timer]).catch((err) => retryOrFail(deps, timer, err)),
  );
}

async function advanceTogether(deps: Deps, timers: TimerRow[]): Promise<void> {
  await withContactSession(deps, timers[0]!.workspace_id, async (session) => {
    const db = session.transaction;
    const ids = timers.map((t) => t.run_id);
    const runs = await selectRunsForUpdate(db, deps.dialect, ids);
    const held = new Map((await selectTimers(db, ids)).map((t) => [t.run_id, t.lease_until]));
    const claimed = new Map(timers.map((t) => [t.run_id, t.lease_until]));
    const changes = new RunChanges();
    const live: (WorkflowRunRow & { node_id: string })[] = [];
    for (const run of runs) {
      if (!held.has(run.id) || held.get(run.id) !== claimed.get(run.id)) continue;
      if (isActive(run)) live.push(run);
      else changes.deleteTimer(run.id);
    }
    const contactIds = live.map((r) => r.contact_id);
    await session.load({ ids: contactIds });
    await session.loadMemberships(contactIds);
    // A run may end an earlier one of the batch (remove_from_workflow): that one is not advanced.
    for (const run of live) if (!changes.ended.has(run.id)) await proceed(deps, session, run, changes);
    await writeRunChanges(db, deps.dialect, changes);
  });
}

export function isActive(run: WorkflowRunRow): run is WorkflowRunRow & { node_id: string } {
  return (run.status === "running" || run.status === "waiting") && run.node_id !== null;
}

/**
 * Takes the locked run as far as it goes now, inside the caller's transaction: first the
 * workflow's goal and exit criteria, then steps from the run's node until one waits or ends.
 * With `wake` (the contact did something the run watches), a run waiting on time alone only has
 * its criteria checked, and one at a wait-for step that keeps waiting writes nothing. What it
 * writes goes into `changes`, which the caller writes.
 */
export async function proceed(deps: Deps, session: ContactSession, run: WorkflowRunRow & { node_id: string }, changes: RunChanges, wake?: Wake): Promise<void> {
  const db = session.transaction;
  const now = deps.clock.now();
  const definition = await definitionOf(db, run.workflow_id, run.version);
  const nodes = new Map<string, Node>(definition.nodes.map((n) => [n.id, n]));
  const contact = await session.get({ id: run.contact_id });
  const state = parseRunState(fromJson(run.state));
  const wasWaiting = Object.keys(state.waits).length > 0;
  const ctx: StepContext = {
    deps,
    db,
    now,
    definition,
    run: { id: run.id, workspaceId: run.workspace_id, workflowId: run.workflow_id, version: run.version, contactId: run.contact_id, state },
    contact,
    session,
    changes,
    ...(wake ? { wake } : {}),
    facts: (rules) => loadRuleFacts(db, session, contact, now, rules, run.id),
    triggerEvent: () => loadTriggerEvent(db, run),
  };
  const row = (nodeId: string, nodeType: string, outcome: Outcome) => changes.steps.push(stepRow(deps, run, nodeId, nodeType, outcome, now));
  let nodeId = run.node_id;
  let command: Outcome;
  const met = await criteriaMet(ctx);
  if (met) {
    command = met.command;
    row(met.nodeId, met.nodeId.slice(1), command);
  } else if (wake && (wake.watch === "criteria" || nodes.get(nodeId)?.type !== "wait_for")) {
    return;
  } else {
    command = { kind: "next", to: nodeId };
    for (let i = 0; i < MAX_STEPS && command.kind === "next"; i++) {
      const node = nodes.get(nodeId);
      if (!node) {
        command = { kind: "failed", error: { name: "NonRetriableError", message: `node ${JSON.stringify(nodeId)} is not in version ${run.version}` } };
        break;
      }
      command = await runStep(ctx, node);
      // Woken at a wait-for step that keeps waiting: nothing happened worth a line or a write.
      if (wake && i === 0 && command.kind === "waitFor") return;
      row(node.id, node.type, command);
      if (command.kind === "next") nodeId = command.to;
    }
  }
  settle(deps, changes, ctx, run, nodeId, command, wasWaiting);
}

/** Where the run now stands: its state, its timer, what it watches. */
function settle(deps: Deps, changes: RunChanges, ctx: StepContext, run: WorkflowRunRow, nodeId: string, command: Outcome, wasWaiting: boolean): void {
  const { now } = ctx;
  const state = toJson(ctx.run.state);
  if (command.kind === "next") {
    // Still going after MAX_STEPS: continue in a fresh transaction rather than hold this one.
    changes.update(run.id, { status: "running", node_id: nodeId, state, updated_at: now });
    changes.setTimer(run.id, run.workspace_id, now);
  } else if (command.kind === "await") {
    // No timer: the dispatcher sets one when the delivery the step queued is done (engine/delivery).
    changes.update(run.id, { status: "waiting", node_id: command.then, state, updated_at: now });
    changes.deleteTimer(run.id);
  } else if (command.kind === "wait" || command.kind === "waitFor") {
    changes.update(run.id, { status: "waiting", node_id: command.then, state, updated_at: now });
    changes.setTimer(run.id, run.workspace_id, command.until);
    if (command.kind === "waitFor") {
      const watch = { run_id: run.id, workspace_id: run.workspace_id, kind: "wait" as const, id: deps.ids(), contact_id: run.contact_id, spec: toJson(command.watch) };
      changes.watches.push(watch);
      return;
    }
  } else {
    const error = command.kind === "failed" ? toJson({ ...command.error, at: now }) : null;
    changes.end(run.id, { status: command.kind === "failed" ? "failed" : command.outcome, state, error, updated_at: now, ended_at: now });
    return;
  }
  if (wasWaiting) changes.watchesDeleted.wait.add(run.id);
}

/** Runs one node's handler; a failure that retrying cannot fix becomes the run's end. */
async function runStep(ctx: StepContext, node: Node): Promise<Outcome> {
  try {
    return await (stepHandlers[node.type] as (c: StepContext, n: Node) => Promise<Command>)(ctx, node);
  } catch (err) {
    if (isPermanent(err)) return { kind: "failed", error: structured(err) };
    throw err;
  }
}

function isPermanent(err: unknown): boolean {
  return err instanceof NonRetriableError || (isParcoursError(err) && err.status < 500);
}

function structured(err: unknown): Record<string, unknown> {
  const e = err instanceof Error ? err : new Error(String(err));
  return { name: e.name, message: e.message, ...(e.cause instanceof Error ? { cause: { name: e.cause.name, message: e.cause.message } } : {}) };
}

function stepRow(deps: Deps, run: WorkflowRunRow, nodeId: string, nodeType: string, outcome: Outcome, at: number): RunStepTable {
  const { kind, ...rest } = outcome;
  return { id: deps.ids(), run_id: run.id, workspace_id: run.workspace_id, node_id: nodeId, node_type: nodeType, outcome: kind, record: toJson(rest), at };
}

/** Backs off between attempts (see retryDelay); past MAX_ATTEMPTS the run fails. */
async function retryOrFail(deps: Deps, timer: TimerRow, err: unknown): Promise<void> {
  const now = deps.clock.now();
  deps.logger.warn({ err, runId: timer.run_id, attempt: timer.attempts + 1 }, "workflow step failed");
  if (timer.attempts + 1 < MAX_ATTEMPTS) {
    await retryTimer(deps.db, timer.run_id, now + retryDelay(timer.attempts));
    return;
  }
  await deps.db.transaction().execute(async (trx) => {
    const error = { ...structured(err), attempts: timer.attempts + 1, at: now };
    // The failed step goes in the history too: it says where the run stopped (per-node counts read it).
    const run = await selectRunForUpdate(trx, deps.dialect, timer.run_id);
    // Ended meanwhile (removed by another workflow): its end stands.
    if (!run || (run.status !== "running" && run.status !== "waiting")) return;
    const node = run.node_id ? (await definitionOf(trx, run.workflow_id, run.version)).nodes.find((n) => n.id === run.node_id) : undefined;
    if (node) await insertRunSteps(trx, deps.dialect, [stepRow(deps, run, node.id, node.type, { kind: "failed", error }, now)]);
    await updateRun(trx, timer.run_id, { status: "failed", node_id: null, error: toJson(error), updated_at: now, ended_at: now });
    await deleteTimer(trx, timer.run_id);
    await deleteWatches(trx, timer.run_id);
  });
}

async function loadTriggerEvent(db: Db, run: WorkflowRunRow): Promise<TriggerEvent | undefined> {
  const eventId = fromJson<{ eventId?: unknown }>(run.trigger)?.eventId;
  const event = typeof eventId === "string" ? await selectEvent(db, eventId) : undefined;
  // An erased contact's events are gone; so is a merged-away contact's trigger, kept by the survivor.
  if (!event) return undefined;
  return { name: event.name ?? null, properties: fromJson<Record<string, unknown>>(event.properties) ?? {}, timestamp: new Date(event.timestamp).toISOString() };
}
