import { NotFoundError, ValidationError } from "../../core/index.js";
import type { Deps } from "../../deps.js";
import type { WorkflowDefinition } from "../../schemas/workflow/index.js";
import { selectWorkflowVersion } from "../../store/index.js";
import { validateWorkflow } from "../definition/validate.js";
import { toFieldProblem } from "../workflows/publish.js";
import { createWorkflowReferences } from "../workflows/references.js";
import { parseDefinition } from "../workflows/to-api.js";
import { getWorkflowRow } from "../workflows/workflows.js";

/** A definition the engine cannot run as it stands (as publishing would refuse it): 422, every problem listed. */
export class WorkflowNotSimulableError extends ValidationError {
  override readonly status = 422;
  override readonly title = "Workflow cannot be simulated";
}

/** What is simulated: the document, and the workflow and version to report it as. */
export interface SimulatedDefinition {
  definition: WorkflowDefinition;
  name: string;
  workflowId: string | null;
  version: number | null;
}

/**
 * The definition sent, else the workflow's draft, else (with `version`) that published version;
 * checked like a publish against the workspace, so the engine runs only what it could run live.
 */
export async function definitionToSimulate(
  deps: Deps,
  workspaceId: string,
  sent: WorkflowDefinition | undefined,
  options: { workflowId?: string | undefined; version?: number | undefined },
): Promise<SimulatedDefinition> {
  const { workflowId, version } = options;
  if (sent && version !== undefined) throw ValidationError.field("version", "send a definition or ask for a version, not both");
  const row = workflowId === undefined ? undefined : await getWorkflowRow(deps, workspaceId, workflowId);
  let simulated: SimulatedDefinition;
  if (sent) simulated = { definition: sent, name: row?.name ?? "simulation", workflowId: workflowId ?? null, version: null };
  else if (!row) throw ValidationError.field("definition", "is required when no workflow is named");
  else if (version === undefined) simulated = { definition: parseDefinition(row.draft), name: row.name, workflowId: row.id, version: null };
  else {
    const published = await selectWorkflowVersion(deps.db, row.id, version);
    if (!published) throw new NotFoundError(`workflow ${JSON.stringify(row.id)} has no version ${version}`);
    simulated = { definition: parseDefinition(published.definition), name: row.name, workflowId: row.id, version };
  }
  const refs = await createWorkflowReferences(deps, workspaceId, workflowId === undefined ? {} : { selfId: workflowId });
  const problems = await validateWorkflow(simulated.definition, refs);
  // Named `definition.<path>` as publishing names them, whether the document was sent or stored.
  if (problems.length) throw new WorkflowNotSimulableError(problems.map(toFieldProblem));
  return simulated;
}
