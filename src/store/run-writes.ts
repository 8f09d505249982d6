import { insertRows } from "./bulk-insert.js";
import type { Db } from "./contacts.js";
import type { Dialect } from "./dialect.js";
import type { RunStepTable, RunWatchRow, WorkflowRunRow } from "./schema.js";

export type RunUpdate = Partial<Pick<WorkflowRunRow, "status" | "node_id" | "state" | "error" | "updated_at" | "ended_at">>;

/**
 * What advancing a batch of runs writes, gathered so that it goes out set-based: one multi-row
 * insert of steps, one UPDATE per distinct change (runs of one workflow moving alike share it),
 * one upsert of timers, one delete of timers. The engine fills it; `writeRunChanges` writes it.
 */
export class RunChanges {
  readonly steps: RunStepTable[] = [];
  readonly updates = new Map<string, RunUpdate>();
  readonly timers = new Map<string, { run_id: string; workspace_id: string; due_at: number }>();
  readonly timersDeleted = new Set<string>();
  readonly watches: RunWatchRow[] = [];
  /** Runs whose watches all go (ended), and runs whose `wait` watch goes (moved on). */
  readonly watchesDeleted = { all: new Set<string>(), wait: new Set<string>() };

  update(runId: string, set: RunUpdate): void {
    this.updates.set(runId, { ...this.updates.get(runId), ...set });
  }

  /** The run's one timer, due at `dueAt`, free for any worker to claim once due. */
  setTimer(runId: string, workspaceId: string, dueAt: number): void {
    this.timersDeleted.delete(runId);
    this.timers.set(runId, { run_id: runId, workspace_id: workspaceId, due_at: dueAt });
  }

  deleteTimer(runId: string): void {
    this.timers.delete(runId);
    this.timersDeleted.add(runId);
  }

  /**
   * Ends a run: whatever this batch changed of it before stands in its history, and the end
   * overrides its state. A run ended here is not advanced later in the same batch.
   */
  end(runId: string, set: RunUpdate & Required<Pick<RunUpdate, "status" | "ended_at">>): void {
    this.update(runId, { node_id: null, error: null, ...set });
    this.deleteTimer(runId);
    this.watches.splice(0, this.watches.length, ...this.watches.filter((w) => w.run_id !== runId));
    this.watchesDeleted.all.add(runId);
    this.ended.add(runId);
  }

  readonly ended = new Set<string>();
}

export async function writeRunChanges(db: Db, dialect: Dialect, c: RunChanges): Promise<void> {
  await insertRows(db, dialect, "run_steps", c.steps);
  const byChange = new Map<string, { set: RunUpdate; ids: string[] }>();
  for (const [id, set] of c.updates) {
    const key = JSON.stringify(set);
    const group = byChange.get(key) ?? { set, ids: [] };
    group.ids.push(id);
    byChange.set(key, group);
  }
  for (const { set, ids } of byChange.values()) await db.updateTable("workflow_runs").set(set).where("id", "in", ids).execute();
  const timers = [...c.timers.values()].map((t) => ({ ...t, lease_until: null, attempts: 0 }));
  await insertRows(db, dialect, "timers", timers, "on conflict (run_id) do update set due_at = excluded.due_at, lease_until = null, attempts = 0");
  if (c.timersDeleted.size) await db.deleteFrom("timers").where("run_id", "in", [...c.timersDeleted]).execute();
  if (c.watchesDeleted.all.size) await db.deleteFrom("run_watches").where("run_id", "in", [...c.watchesDeleted.all]).execute();
  const waitGone = [...c.watchesDeleted.wait].filter((id) => !c.watchesDeleted.all.has(id));
  if (waitGone.length) await db.deleteFrom("run_watches").where("run_id", "in", waitGone).where("kind", "=", "wait").execute();
  await insertRows(db, dialect, "run_watches", c.watches, "on conflict (run_id, kind) do update set id = excluded.id, spec = excluded.spec");
}
