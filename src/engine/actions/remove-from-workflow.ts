import { NonRetriableError } from "../../core/index.js";
import {
  selectActiveRunsForUpdate,
  selectLastStepNodes,
  selectWorkflowNames,
  toJson,
  type RunStepTable,
  type WorkflowRunRow,
} from "../../store/index.js";
import { definitionOf } from "../runtime/definitions.js";
import type { ActionHandlers, StepContext } from "../runtime/step.js";

/**
 * Ends the contact's active runs of another workflow as `exited`, in the step's transaction
 * (with the writes of the runs advancing in it, so that one ended there is not advanced after):
 * each gets a history step saying who removed it, loses its timer, and a `workflow.exited` event
 * goes on the timeline. The runs are locked first, so a worker advancing one of them concurrently
 * either commits before (and the run ends where it got to) or finds it ended and does nothing.
 */
export const removeFromWorkflow: ActionHandlers["remove_from_workflow"] = async (ctx, { workflowId }, nodeId) => {
  const { run } = ctx;
  const names = await selectWorkflowNames(ctx.db, run.workspaceId, [workflowId, run.workflowId]);
  const target = names.get(workflowId);
  if (target === undefined) throw new NonRetriableError(`workflow ${JSON.stringify(workflowId)} no longer exists in this workspace`);
  // Validation refuses a workflow removing contacts from itself; its own run is never ended here.
  const runs = (await selectActiveRunsForUpdate(ctx.db, ctx.deps.dialect, run.workspaceId, workflowId, run.contactId)).filter((r) => r.id !== run.id);
  const decision = `removed from ${JSON.stringify(target)}`;
  if (!runs.length) return { decision, reason: "the contact was not in it" };
  const removedBy = { workflowId: run.workflowId, runId: run.id, nodeId };
  const reason = `removed by workflow ${JSON.stringify(names.get(run.workflowId))} (run ${run.id}, node ${nodeId})`;
  const places = await placesOf(ctx, runs);
  const steps: RunStepTable[] = runs.map((r) => ({
    id: ctx.deps.ids(),
    run_id: r.id,
    workspace_id: run.workspaceId,
    ...places.get(r.id)!,
    outcome: "exited",
    record: toJson({ record: { decision: "removed from the workflow", reason }, removedBy }),
    at: ctx.now,
  }));
  ctx.changes.steps.push(...steps);
  for (const r of runs) ctx.changes.end(r.id, { status: "exited", updated_at: ctx.now, ended_at: ctx.now });
  for (const r of runs) {
    const properties = { workflowId, version: r.version, runId: r.id, nodeId: places.get(r.id)!.node_id, reason, removedBy };
    ctx.session.record(ctx.contact, { kind: "internal", name: "workflow.exited", properties });
  }
  return { decision, reason: runs.length === 1 ? "its active run ended" : `its ${runs.length} active runs ended` };
};

/**
 * Where each run is: a waiting run sleeps in the step that made it wait (its latest step), a
 * running one is about to run its current node.
 */
async function placesOf(ctx: StepContext, runs: WorkflowRunRow[]): Promise<Map<string, Pick<RunStepTable, "node_id" | "node_type">>> {
  const sleeping = await selectLastStepNodes(ctx.db, runs.filter((r) => r.status === "waiting").map((r) => r.id));
  const places = new Map<string, Pick<RunStepTable, "node_id" | "node_type">>();
  for (const r of runs) {
    const nodeId = sleeping.get(r.id) ?? r.node_id!;
    const definition = await definitionOf(ctx.db, r.workflow_id, r.version);
    places.set(r.id, { node_id: nodeId, node_type: definition.nodes.find((n) => n.id === nodeId)?.type ?? "unknown" });
  }
  return places;
}
