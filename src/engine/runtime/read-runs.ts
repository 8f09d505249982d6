import { NotFoundError } from "../../core/index.js";
import type { Deps } from "../../deps.js";
import { fromJson, selectRun, selectRunSteps, selectRunsOfContact, selectTimer, type WorkflowRunRow } from "../../store/index.js";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A run as the API shows it, with when a waiting run resumes. */
export async function runToApi(deps: Deps, r: WorkflowRunRow) {
  const timer = r.status === "waiting" ? await selectTimer(deps.db, r.id) : undefined;
  return {
    id: r.id,
    workflowId: r.workflow_id,
    version: r.version,
    contactId: r.contact_id,
    status: r.status as "running",
    nodeId: r.node_id,
    resumesAt: iso(timer?.due_at ?? null),
    trigger: fromJson<Record<string, unknown>>(r.trigger),
    error: r.error === null ? null : fromJson<Record<string, unknown>>(r.error),
    startedAt: iso(r.started_at)!,
    endedAt: iso(r.ended_at),
  };
}

/** A run with every step it took, each with its decision and reason: why the contact went where it did. */
export async function readRun(deps: Deps, workspaceId: string, runId: string) {
  const run = await selectRun(deps.db, workspaceId, runId);
  if (!run) throw new NotFoundError(`no run ${runId}`);
  const steps = await selectRunSteps(deps.db, run.id);
  return {
    ...(await runToApi(deps, run)),
    steps: steps.map((s) => ({ nodeId: s.node_id, nodeType: s.node_type, outcome: s.outcome, record: fromJson<Record<string, unknown>>(s.record), at: iso(s.at)! })),
  };
}

/** The workflows a contact is or was in, newest first (at most 100). */
export async function readContactRuns(deps: Deps, workspaceId: string, contactId: string) {
  const runs = await selectRunsOfContact(deps.db, workspaceId, contactId, 100);
  return Promise.all(runs.map((r) => runToApi(deps, r)));
}
