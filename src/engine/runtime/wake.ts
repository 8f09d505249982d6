import { withContactSession } from "../../contacts/index.js";
import type { Deps } from "../../deps.js";
import { deleteWakeup, retryDue, RunChanges, selectRunForUpdate, selectWatch, takeWakeup, writeRunChanges, type RunWakeupRow } from "../../store/index.js";
import { isActive, proceed } from "./advance.js";
import { MAX_ATTEMPTS, retryDelay } from "./retry.js";
import { parseWakeReason } from "./watch.js";

/**
 * Answers one claimed wake-up, in one transaction with what it causes: the run is locked, the
 * wake-up consumed, and — if the watch it came from is still the run's — the run proceeds (its
 * criteria checked; at a wait-for step, the step decides). A stale wake-up (the run moved on, or
 * waits on something else now) is consumed and does nothing. Failures are retried with backoff.
 */
export async function wakeRun(deps: Deps, w: RunWakeupRow): Promise<void> {
  try {
    await withContactSession(deps, w.workspace_id, async (session) => {
      const db = session.transaction;
      const run = await selectRunForUpdate(db, deps.dialect, w.run_id);
      if (!(await takeWakeup(db, w.id, w.lease_until)) || !run || !isActive(run)) return;
      if ((await selectWatch(db, run.id, w.watch_kind))?.id !== w.watch_id) return;
      const changes = new RunChanges();
      await proceed(deps, session, run, changes, { watch: w.watch_kind, reason: parseWakeReason(w.reason) });
      await writeRunChanges(db, deps.dialect, changes);
    });
  } catch (err) {
    deps.logger.warn({ err, runId: w.run_id, attempt: w.attempts + 1 }, "waking a workflow run failed");
    if (w.attempts + 1 >= MAX_ATTEMPTS) await deleteWakeup(deps.db, w.id);
    else await retryDue(deps.db, "run_wakeups", w.id, deps.clock.now() + retryDelay(w.attempts));
  }
}
