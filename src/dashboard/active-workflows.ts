import type { Deps } from "../deps.js";
import type { ActiveWorkflowOut } from "../schemas/dashboard.js";
import { selectActiveWorkflowRunCounts } from "../store/index.js";

/** Which total each run status adds to. */
const BUCKET: Record<string, keyof Omit<ActiveWorkflowOut["runs"], "total">> = {
  running: "inProgress",
  waiting: "inProgress",
  completed: "completed",
  converted: "converted",
  exited: "exited",
  failed: "failed",
};

/** The workspace's active workflows, oldest first, each with its runs of every version per status. */
export async function activeWorkflows(deps: Deps, workspaceId: string): Promise<ActiveWorkflowOut[]> {
  const byId = new Map<string, ActiveWorkflowOut>();
  for (const row of await selectActiveWorkflowRunCounts(deps.db, workspaceId)) {
    let w = byId.get(row.id);
    if (!w) {
      w = { id: row.id, name: row.name, currentVersion: row.current_version, runs: { total: 0, inProgress: 0, completed: 0, converted: 0, exited: 0, failed: 0 } };
      byId.set(row.id, w);
    }
    if (row.status === null) continue;
    w.runs.total += row.runs;
    const bucket = BUCKET[row.status];
    if (bucket) w.runs[bucket] += row.runs;
  }
  return [...byId.values()];
}
