import { useEffect, useState } from "react";
import type { WorkflowStatsOut } from "../../../src/schemas/workflow-api.js";
import type { NodeCounts } from "./overlay.js";
import { workflowPath, type Request } from "./request.js";

/** How often the builder refreshes the per-node counts, ms. */
export const STATS_REFRESH_MS = 5000;

/** Per-node counts of one node's stats. */
export function countsOf(stats: WorkflowStatsOut): Map<string, NodeCounts> {
  return new Map(stats.nodes.map((n) => [n.nodeId, { entered: n.entered.runs, waiting: n.waiting, completed: n.completed, converted: n.converted, failed: n.failed }]));
}

/**
 * The stats of a published version, read now and every STATS_REFRESH_MS while mounted; null
 * without a version. A failed refresh keeps the last counts and says why.
 */
export function useStats(request: Request, workflowId: string, version: number | null): { stats: WorkflowStatsOut | null; error: string | null } {
  const [stats, setStats] = useState<WorkflowStatsOut | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setStats(null);
    if (version === null) return;
    let live = true;
    const load = () =>
      request<WorkflowStatsOut>("GET", workflowPath(workflowId, "versions", version, "stats"))
        .then((s) => {
          if (!live) return;
          setStats(s);
          setError(null);
        })
        .catch((err: unknown) => live && setError(err instanceof Error ? err.message : String(err)));
    void load();
    const timer = setInterval(load, STATS_REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [request, workflowId, version]);
  return { stats, error };
}
