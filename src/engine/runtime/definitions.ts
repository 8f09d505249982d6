import { NotFoundError } from "../../core/index.js";
import { WorkflowDefinition } from "../../schemas/workflow/index.js";
import { fromJson, selectWorkflowVersion, type Db } from "../../store/index.js";

/** Published versions never change, so a process keeps the ones it has read. */
const cache = new Map<string, WorkflowDefinition>();
const MAX_CACHED = 1000;

export async function definitionOf(db: Db, workflowId: string, version: number): Promise<WorkflowDefinition> {
  const key = `${workflowId}:${version}`;
  let definition = cache.get(key);
  if (!definition) {
    const row = await selectWorkflowVersion(db, workflowId, version);
    if (!row) throw new NotFoundError(`workflow ${workflowId} has no version ${version}`);
    definition = WorkflowDefinition.parse(fromJson(row.definition));
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(key, definition);
  }
  return definition;
}
