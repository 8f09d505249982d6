import { NotFoundError } from "../../core/index.js";
import type { Deps } from "../../deps.js";
import type { WorkflowDefinition } from "../../schemas/workflow/index.js";
import type { WorkflowStatsOut } from "../../schemas/workflow-api.js";
import { selectNodeStepCounts, selectRunPlaceCounts, selectWorkflowVersion, type NodeStepCount, type RunPlaceCount } from "../../store/index.js";
import { parseDefinition } from "./to-api.js";
import { getWorkflowRow } from "./workflows.js";

type NodeStats = WorkflowStatsOut["nodes"][number];
type Status = keyof Omit<WorkflowStatsOut["runs"], "total">;
const STATUSES: Status[] = ["running", "waiting", "completed", "converted", "exited", "failed"];

/** Per-node counts of a published version: two grouped queries over its runs and their steps. */
export async function readWorkflowStats(deps: Deps, workspaceId: string, id: string, version: number): Promise<WorkflowStatsOut> {
  await getWorkflowRow(deps, workspaceId, id);
  const row = await selectWorkflowVersion(deps.db, id, version);
  if (!row) throw new NotFoundError(`workflow ${JSON.stringify(id)} has no version ${version}`);
  const [steps, places] = await Promise.all([selectNodeStepCounts(deps.db, id, version), selectRunPlaceCounts(deps.db, id, version)]);
  return { workflowId: id, version, ...tallyWorkflowStats(parseDefinition(row.definition), steps, places) };
}

/**
 * Puts the grouped counts on the version's nodes. Where a run is counted: a running run at the
 * node it runs next, a waiting run in the step that made it wait (its latest step), an ended run
 * at its latest step (ended runs keep no node). A run with no step yet is only in the totals.
 */
export function tallyWorkflowStats(definition: WorkflowDefinition, steps: NodeStepCount[], places: RunPlaceCount[]): Pick<WorkflowStatsOut, "runs" | "nodes"> {
  const nodes = new Map<string, NodeStats>(
    definition.nodes.map((n) => [
      n.id,
      { nodeId: n.id, nodeType: n.type, label: n.label ?? null, entered: { steps: 0, runs: 0 }, running: 0, waiting: 0, completed: 0, converted: 0, exited: 0, failed: 0 },
    ]),
  );
  for (const s of steps) {
    const node = nodes.get(s.node_id);
    if (node) node.entered = { steps: s.steps, runs: s.runs };
  }
  const runs: WorkflowStatsOut["runs"] = { total: 0, running: 0, waiting: 0, completed: 0, converted: 0, exited: 0, failed: 0 };
  for (const p of places) {
    if (!isStatus(p.status)) continue;
    runs.total += p.runs;
    runs[p.status] += p.runs;
    const at = p.status === "running" ? p.node_id : p.status === "waiting" ? (p.last_node_id ?? p.node_id) : p.last_node_id;
    const node = at === null ? undefined : nodes.get(at);
    if (node) node[p.status] += p.runs;
  }
  return { runs, nodes: [...nodes.values()] };
}

function isStatus(s: string): s is Status {
  return (STATUSES as string[]).includes(s);
}
