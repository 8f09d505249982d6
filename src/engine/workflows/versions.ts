import { NotFoundError } from "../../core/index.js";
import type { Deps } from "../../deps.js";
import { selectWorkflowVersion } from "../../store/index.js";
import type { WorkflowVersionOut } from "../../schemas/workflow-api.js";
import { workflowVersionToApi } from "./to-api.js";
import { getWorkflowRow } from "./workflows.js";

/** A published version exactly as it was published: what runs started on it execute. */
export async function readWorkflowVersion(deps: Deps, workspaceId: string, id: string, version: number): Promise<WorkflowVersionOut> {
  await getWorkflowRow(deps, workspaceId, id);
  const row = await selectWorkflowVersion(deps.db, id, version);
  if (!row) throw new NotFoundError(`workflow ${JSON.stringify(id)} has no version ${version}`);
  return workflowVersionToApi(row);
}
