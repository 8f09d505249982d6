import { isParcoursError, NonRetriableError } from "../../core/index.js";
import { withContactSession } from "../../contacts/index.js";
import type { Deps } from "../../deps.js";
import type { Node } from "../../schemas/workflow/index.js";
import {
  deleteTimer,
  fromJson,
  insertRunSteps,
  retryTimer,
  selectRunForUpdate,
  selectTimer,
  setTimer,
  toJson,
  updateRun,
  type RunStepTable,
  type TimerRow,
} from "../../store/index.js";
import { stepHandlers } from "../steps/index.js";
import { definitionOf } from "./definitions.js";
import { loadRuleFacts } from "./facts.js";
import { parseRunState } from "./run-state.js";
import { MAX_ATTEMPTS, retryDelay } from "./retry.js";
import { StepUnavailableError, type Command, type StepContext } from "./step.js";

/** Steps one advance may take without waiting: a safety net behind the validator's loop check. */
const MAX_STEPS = 200;

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
      if ((run.status !== "running" && run.status !== "waiting") || run.node_id === null) {
        await deleteTimer(db, run.id);
        return;
      }
      const now = deps.clock.now();
      const definition = await definitionOf(db, run.workflow_id, run.version);
      const nodes = new Map<string, Node>(definition.nodes.map((n) => [n.id, n]));
      const contact = await session.get({ id: run.contact_id });
      const state = parseRunState(fromJson(run.state));
      const ctx: StepContext = {
        deps,
        db,
        now,
        definition,
        run: { id: run.id, workspaceId: run.workspace_id, workflowId: run.workflow_id, version: run.version, contactId: run.contact_id, state },
        contact,
        session,
        facts: (rules) => loadRuleFacts(db, session, contact, now, rules),
      };
      const steps: RunStepTable[] = [];
      let nodeId = run.node_id;
      let command: Command | { kind: "failed"; error: Record<string, unknown> } = { kind: "next", to: nodeId };
      for (let i = 0; i < MAX_STEPS && command.kind === "next"; i++) {
        const node = nodes.get(nodeId);
        if (!node) {
          command = { kind: "failed", error: { name: "NonRetriableError", message: `node ${JSON.stringify(nodeId)} is not in version ${run.version}` } };
          break;
        }
        command = await runStep(ctx, node);
        steps.push(stepRow(deps, run.id, run.workspace_id, node, command, now));
        if (command.kind === "next") nodeId = command.to;
      }
      await insertRunSteps(db, deps.dialect, steps);
      if (command.kind === "next") {
        // Still going after MAX_STEPS: continue in a fresh transaction rather than hold this one.
        await updateRun(db, run.id, { status: "running", node_id: nodeId, state: toJson(state), updated_at: now });
        await setTimer(db, { run_id: run.id, workspace_id: run.workspace_id, due_at: now });
      } else if (command.kind === "wait") {
        await updateRun(db, run.id, { status: "waiting", node_id: command.then, state: toJson(state), updated_at: now });
        await setTimer(db, { run_id: run.id, workspace_id: run.workspace_id, due_at: command.until });
      } else if (command.kind === "await") {
        // No timer: the dispatcher sets one when the delivery the step queued is done (engine/delivery).
        await updateRun(db, run.id, { status: "waiting", node_id: command.then, state: toJson(state), updated_at: now });
        await deleteTimer(db, run.id);
      } else {
        await updateRun(db, run.id, {
          status: command.kind === "failed" ? "failed" : command.outcome,
          node_id: null,
          state: toJson(state),
          error: command.kind === "failed" ? toJson({ ...command.error, at: now }) : null,
          updated_at: now,
          ended_at: now,
        });
        await deleteTimer(db, run.id);
      }
    });
  } catch (err) {
    await retryOrFail(deps, timer, err);
  }
}

/** Runs one node's handler; a failure that retrying cannot fix becomes the run's end. */
async function runStep(ctx: StepContext, node: Node): Promise<Command | { kind: "failed"; error: Record<string, unknown> }> {
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

function stepRow(deps: Deps, runId: string, workspaceId: string, node: Node, command: Command | { kind: "failed"; error: Record<string, unknown> }, at: number): RunStepTable {
  const { kind, ...rest } = command;
  return { id: deps.ids(), run_id: runId, workspace_id: workspaceId, node_id: node.id, node_type: node.type, outcome: kind, record: toJson(rest), at };
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
  });
}
