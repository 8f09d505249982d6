import { isDeepStrictEqual } from "node:util";
import { ValidationError, type FieldProblem } from "../../core/index.js";
import type { Deps } from "../../deps.js";
import { insertWorkflowVersion, selectWorkflowVersion, toJson, updateWorkflow } from "../../store/index.js";
import type { WorkflowDefinition } from "../../schemas/workflow/index.js";
import type { WorkflowOut, WorkflowValidation } from "../../schemas/workflow-api.js";
import { validateWorkflow, type WorkflowProblem } from "../definition/validate.js";
import { syncTriggerSchedules } from "../scheduled/index.js";
import { createWorkflowReferences } from "./references.js";
import { parseDefinition } from "./to-api.js";
import { assertNotArchived, getWorkflowRow, readWorkflow } from "./workflows.js";

/** A well-formed draft that cannot be published as it is: 422, every problem in `errors`. */
export class WorkflowNotPublishableError extends ValidationError {
  override readonly status = 422;
  override readonly title = "Workflow cannot be published";
}

/**
 * Checks the stored draft, or `definition` when given (without saving it), against the graph
 * rules and the workspace. Fields in `problems` are paths inside the checked document.
 */
export async function validateWorkflowDraft(deps: Deps, workspaceId: string, id: string, definition?: WorkflowDefinition): Promise<WorkflowValidation> {
  const row = await getWorkflowRow(deps, workspaceId, id);
  const problems = await validateWorkflow(definition ?? parseDefinition(row.draft), await createWorkflowReferences(deps, workspaceId, { selfId: id }));
  return { valid: problems.length === 0, problems };
}

/**
 * Publishes the draft as version N+1, immutable from then on, and makes the workflow active.
 * A draft with problems is refused (WorkflowNotPublishableError) and nothing changes. A draft
 * equal to the current version writes no new version, so a retried publish is harmless.
 */
export async function publishWorkflow(deps: Deps, workspaceId: string, id: string): Promise<WorkflowOut> {
  await deps.db.transaction().execute(async (trx) => {
    const row = await getWorkflowRow(deps, workspaceId, id, trx, true);
    assertNotArchived(row, "published");
    const definition = parseDefinition(row.draft);
    const problems = await validateWorkflow(definition, await createWorkflowReferences(deps, workspaceId, { db: trx, selfId: id }));
    if (problems.length) throw new WorkflowNotPublishableError(problems.map(toFieldProblem));
    const now = deps.clock.now();
    let version = row.current_version;
    const current = version === null ? undefined : await selectWorkflowVersion(trx, id, version);
    if (!current || !isDeepStrictEqual(parseDefinition(current.definition), definition)) {
      version = (version ?? 0) + 1;
      await insertWorkflowVersion(trx, { workflow_id: id, version, definition: toJson(definition), published_at: now });
    }
    await updateWorkflow(trx, workspaceId, id, { status: "active", current_version: version, updated_at: now });
    await syncTriggerSchedules(deps, trx, { workspaceId, workflowId: id, version });
  });
  return readWorkflow(deps, workspaceId, id);
}

/** Names the field inside the request's or the draft's `definition`, and keeps the node in the words. */
export function toFieldProblem(p: WorkflowProblem): FieldProblem {
  const field = p.field ? `definition.${p.field}` : "definition";
  const named = p.nodeId === undefined || p.message.includes(`"${p.nodeId}"`);
  return { field, message: named ? p.message : `node "${p.nodeId}": ${p.message}` };
}
