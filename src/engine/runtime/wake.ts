import { withContactSession } from "../../contacts/index.js";
import type { Deps } from "../../deps.js";
import { deleteWakeup, retryDue, RunChanges, selectRunsForUpdate, selectWatchesOfRuns, takeWakeup, writeRunChanges, type RunWakeupRow } from "../../store/index.js";
import { isActive, proceed } from "./advance.js";
import { inWorkspaceBatches } from "./batches.js";
import { MAX_ATTEMPTS, retryDelay } from "./retry.js";
import { parseWakeReason } from "./watch.js";

/**
 * Answers claimed wake-ups, those of one workspace in one transaction with what they cause: the
 * runs are locked, the wake-ups consumed, and each run whose watch a wake-up came from is still
 * its own proceeds (its criteria checked; at a wait-for step, the step decides). A stale wake-up
 * (the run moved on, or waits on something else now) is consumed and does nothing. A run woken
 * twice in one batch proceeds once, by its wait-for wake-up if it has one (which checks the
 * criteria too). Failures are retried with backoff, at most MAX_ATTEMPTS times.
 */
export async function wakeRuns(deps: Deps, wakeups: RunWakeupRow[]): Promise<void> {
  await inWorkspaceBatches(
    deps,
    wakeups,
    (workspaceId, batch) => wakeTogether(deps, workspaceId, batch),
    (w) => wakeTogether(deps, w.workspace_id, [w]).catch((err) => retryOrDrop(deps, w, err)),
  );
}

async function wakeTogether(deps: Deps, workspaceId: string, wakeups: RunWakeupRow[]): Promise<void> {
  await withContactSession(deps, workspaceId, async (session) => {
    const db = session.transaction;
    const runIds = [...new Set(wakeups.map((w) => w.run_id))];
    const runs = new Map((await selectRunsForUpdate(db, deps.dialect, runIds)).map((r) => [r.id, r]));
    const watches = new Set((await selectWatchesOfRuns(db, runIds)).map((w) => `${w.run_id}:${w.kind}:${w.id}`));
    const chosen = new Map<string, RunWakeupRow>();
    for (const w of wakeups) {
      if (!(await takeWakeup(db, w.id, w.lease_until)) || !watches.has(`${w.run_id}:${w.watch_kind}:${w.watch_id}`)) continue;
      if (!chosen.has(w.run_id) || (w.watch_kind === "wait" && chosen.get(w.run_id)!.watch_kind !== "wait")) chosen.set(w.run_id, w);
    }
    const live = [...chosen.values()].filter((w) => runs.get(w.run_id) && isActive(runs.get(w.run_id)!));
    const contactIds = live.map((w) => runs.get(w.run_id)!.contact_id);
    await session.load({ ids: contactIds });
    await session.loadMemberships(contactIds);
    const changes = new RunChanges();
    for (const w of live) {
      const run = runs.get(w.run_id)!;
      if (isActive(run) && !changes.ended.has(run.id)) await proceed(deps, session, run, changes, { watch: w.watch_kind, reason: parseWakeReason(w.reason) });
    }
    await writeRunChanges(db, deps.dialect, changes);
  });
}

async function retryOrDrop(deps: Deps, w: RunWakeupRow, err: unknown): Promise<void> {
  deps.logger.warn({ err, runId: w.run_id, attempt: w.attempts + 1 }, "waking a workflow run failed");
  if (w.attempts + 1 >= MAX_ATTEMPTS) await deleteWakeup(deps.db, w.id);
  else await retryDue(deps.db, "run_wakeups", w.id, deps.clock.now() + retryDelay(w.attempts));
}
