import { NonRetriableError } from "../../core/index.js";
import { WorkflowEnrolmentTrigger } from "../../schemas/run.js";
import { fromJson, insertEnrolmentRequests, selectRun, selectWorkflow, toJson } from "../../store/index.js";
import type { ActionHandlers, StepContext } from "../runtime/step.js";

/**
 * Workflows enrolling contacts into one another this many times in a row stop there: with
 * re-enrolment allowed, two workflows enrolling each other would otherwise never end.
 */
export const MAX_ENROLMENT_CHAIN = 10;

/**
 * Asks the engine to enrol the contact into another workflow: an enrolment request written in
 * the step's transaction, so it exists exactly when the step commits. The engine answers it once,
 * with that workflow's status, entry policy and filter, and puts the decision on the timeline.
 */
export const enrolWorkflow: ActionHandlers["enrol_workflow"] = async (ctx, { workflowId }, nodeId) => {
  const { run } = ctx;
  const target = await selectWorkflow(ctx.db, ctx.deps.dialect, run.workspaceId, workflowId);
  // Validation checked the workflow at publish; workflows are archived, not deleted, so this is a broken reference.
  if (!target) throw new NonRetriableError(`workflow ${JSON.stringify(workflowId)} no longer exists in this workspace`);
  const name = JSON.stringify(target.name);
  const depth = (await chainDepth(ctx)) + 1;
  if (depth > MAX_ENROLMENT_CHAIN) {
    return {
      decision: `not enrolled into ${name}`,
      reason: `${MAX_ENROLMENT_CHAIN} workflows in a row enrolled the contact into one another, which looks like a loop between workflows`,
    };
  }
  const trigger: WorkflowEnrolmentTrigger = { type: "workflow", workflowId: run.workflowId, runId: run.id, nodeId, depth };
  await insertEnrolmentRequests(ctx.db, ctx.deps.dialect, [
    { id: ctx.deps.ids(), workspace_id: run.workspaceId, workflow_id: target.id, contact_id: run.contactId, trigger: toJson(trigger), due_at: ctx.now, lease_until: null, attempts: 0 },
  ]);
  return { decision: `enrolment into ${name} requested`, reason: "that workflow's entry rules decide; the decision goes on the contact's timeline" };
};

/** How many workflows enrolled one another to start this run (0 when something else started it). */
async function chainDepth(ctx: StepContext): Promise<number> {
  const row = await selectRun(ctx.db, ctx.run.workspaceId, ctx.run.id);
  const parsed = WorkflowEnrolmentTrigger.safeParse(row ? fromJson(row.trigger) : undefined);
  return parsed.success ? parsed.data.depth : 0;
}
