import type { Deps } from "../../deps.js";

/**
 * Work on claimed rows, those of one workspace together (one transaction, set-based writes); if
 * that fails, each row alone, so that only the row at fault is retried or failed. `alone` deals
 * with its own failure. A batch of one goes straight to `alone`.
 */
export async function inWorkspaceBatches<T extends { workspace_id: string }>(
  deps: Deps,
  rows: T[],
  together: (workspaceId: string, batch: T[]) => Promise<void>,
  alone: (row: T) => Promise<void>,
): Promise<void> {
  const byWorkspace = new Map<string, T[]>();
  for (const r of rows) byWorkspace.set(r.workspace_id, [...(byWorkspace.get(r.workspace_id) ?? []), r]);
  for (const [workspaceId, batch] of byWorkspace) {
    if (batch.length > 1) {
      try {
        await together(workspaceId, batch);
        continue;
      } catch (err) {
        deps.logger.debug({ err, rows: batch.length }, "a batch failed; taking its rows one by one");
      }
    }
    for (const row of batch) await alone(row);
  }
}
