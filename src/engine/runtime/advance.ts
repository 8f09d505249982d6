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
  selectRunForUpdate,
  selectTimer,
  setTimer,
  setWatch,
  toJson,
  updateRun,
  type RunStepTable,
  type TimerRow,
  type WorkflowRunRow,
} from "../../store/index.js";
import { stepHandlers } from "../steps/index.js";
import { criteriaMet, hasCriteria } from "./criteria.js";
import { definitionOf } from "./definitions.js";
import { loadRuleFacts } from "./facts.js";
import { parseRunState } from "./run-state.js";
import { MAX_ATTEMPTS, retryDelay } from "./retry.js";
import { StepUnavailableError, type Command, type StepContext } from "./step.js";
import type { Wake } from "./watch.js";

/** Steps one advance may take without waiting: a safety net behind the validator's loop check. */
const MAX_STEPS = 200;

type Failed = { kind: "failed"; error: Record<string, unknown> };
type Outcome = Command | Failed;

/**
 * Advances the run of a claimed timer from its node until it waits or ends, in one transaction:
 * the steps' effects on the contact, their history, the run's state and its next timer commit
 * together or not at all. A timer whose lease changed was taken over by another worker (this one
 * was too slow): nothing is done. A transient failure rolls everything back and the timer is
 * retried later; a permanent one (or too many attempts) fails the run with the error kept.
 */
export async function advanceRun(deps: Deps, timer: TimerRow): Promise<void> {
  try {
    await withContactSession(deps, timer.workspace_id, async (session) => {
      const db = session.transaction;
      const run = await selectRunForUpdate(db, deps.dialect, timer.run_id);
      const current = await selectTimer(db, timer.run_id);
      if (!run || !current || current.lease_until !== timer.lease_until) return;
      if (!isActive(run)) {
        await deleteTimer(db, run.id);
        return;
      }
      await proceed(deps, session, run);
    });
  } catch (err) {
    await retryOrFail(deps, timer, err);
  }
}

export function isActive(run: WorkflowRunRow): run is WorkflowRunRow & { node_id: string } {
  return (run.status === "running" || run.status === "waiting") && run.node_id !== null;
}

/**
 * Takes the locked run as far as it goes now, inside the caller's transaction: first the
 * workflow's goal and exit criteria, then steps from the run's node until one waits or ends.
 * With `wake` (the contact did something the run watches), a run waiting on time alone only has
 * its criteria checked, and one at a wait-for step that keeps waiting writes nothing.
 */
export async function proceed(deps: Deps, session: ContactSession, run: WorkflowRunRow & { node_id: string }, wake?: Wake): Promise<void> {
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
    ...(wake ? { wake } : {}),
    facts: (rules) => loadRuleFacts(db, session, contact, now, rules),
  };
  const steps: RunStepTable[] = [];
  const row = (nodeId: string, nodeType: string, outcome: Outcome) => steps.push(stepRow(deps, run, nodeId, nodeType, outcome, now));
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
  await insertRunSteps(db, deps.dialect, steps);
  await persist(deps, ctx, run, nodeId, command, { wasWaiting, watchesCriteria: hasCriteria(definition) });
}

/** Writes where the run now stands: its state, its timer, what it watches. */
async function persist(deps: Deps, ctx: StepContext, run: WorkflowRunRow, nodeId: string, command: Outcome, was: { wasWaiting: boolean; watchesCriteria: boolean }): Promise<void> {
  const { db, now } = ctx;
  const state = toJson(ctx.run.state);
  const base = { run_id: run.id, workspace_id: run.workspace_id };
  if (command.kind === "next") {
    // Still going after MAX_STEPS: continue in a fresh transaction rather than hold this one.
    await updateRun(db, run.id, { status: "running", node_id: nodeId, state, updated_at: now });
    await setTimer(db, { ...base, due_at: now });
  } else if (command.kind === "wait" || command.kind === "waitFor") {
    await updateRun(db, run.id, { status: "waiting", node_id: command.then, state, updated_at: now });
    await setTimer(db, { ...base, due_at: command.until });
    if (command.kind === "waitFor") {
      await setWatch(db, { ...base, kind: "wait", id: deps.ids(), contact_id: run.contact_id, spec: toJson(command.watch) });
      return;
    }
  } else {
    await updateRun(db, run.id, {
      status: command.kind === "failed" ? "failed" : command.outcome,
      node_id: null,
      state,
      error: command.kind === "failed" ? toJson({ ...command.error, at: now }) : null,
      updated_at: now,
      ended_at: now,
    });
    await deleteTimer(db, run.id);
    if (was.wasWaiting || was.watchesCriteria) await deleteWatches(db, run.id);
    return;
  }
  if (was.wasWaiting) await deleteWatches(db, run.id, "wait");
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
  return err instanceof StepUnavailableError || err instanceof NonRetriableError || (isParcoursError(err) && err.status < 500);
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
    await updateRun(trx, timer.run_id, { status: "failed", node_id: null, error: toJson(error), updated_at: now, ended_at: now });
    await deleteTimer(trx, timer.run_id);
    await deleteWatches(trx, timer.run_id);
  });
}
