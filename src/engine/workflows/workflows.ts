import { ConflictError, NotFoundError, withUniqueName } from "../../core/index.js";
import type { Deps } from "../../deps.js";
import {
  insertWorkflow,
  selectWorkflow,
  selectWorkflowByName,
  selectWorkflowPage,
  selectWorkflowVersionSummaries,
  toJson,
  updateWorkflow,
  type Db,
  type WorkflowRow,
} from "../../store/index.js";
import type { WorkflowCreate, WorkflowOut, WorkflowStatus, WorkflowSummaryOut, WorkflowUpdate } from "../../schemas/workflow-api.js";
import { workflowSummaryToApi, workflowToApi } from "./to-api.js";

/** Creates a workflow as a draft: its document passed the schema; graph and reference problems wait for validate/publish. */
export async function createWorkflow(deps: Deps, workspaceId: string, input: WorkflowCreate): Promise<WorkflowOut> {
  const now = deps.clock.now();
  const row: WorkflowRow = {
    id: deps.ids(),
    workspace_id: workspaceId,
    name: input.name,
    description: input.description ?? null,
    status: "draft",
    draft: toJson(input.definition),
    current_version: null,
    created_at: now,
    updated_at: now,
  };
  await withUniqueName("workflow", row.name, undefined, (name) => selectWorkflowByName(deps.db, workspaceId, name), () => insertWorkflow(deps.db, row));
  return workflowToApi(row, []);
}

/**
 * The workflow or NotFoundError. Inside a transaction (`db`), `lock` holds the row so that
 * edits, publishes and status changes of one workflow happen one after the other.
 */
export async function getWorkflowRow(deps: Deps, workspaceId: string, id: string, db: Db = deps.db, lock = false): Promise<WorkflowRow> {
  const row = await selectWorkflow(db, deps.dialect, workspaceId, id, lock);
  if (!row) throw new NotFoundError(`no workflow ${JSON.stringify(id)}`);
  return row;
}

/** The workflow with its draft and the list of its published versions. */
export async function readWorkflow(deps: Deps, workspaceId: string, id: string): Promise<WorkflowOut> {
  const row = await getWorkflowRow(deps, workspaceId, id);
  return workflowToApi(row, await selectWorkflowVersionSummaries(deps.db, id));
}

/** A page of workflows in creation order, optionally of one status. */
export async function listWorkflows(
  deps: Deps,
  workspaceId: string,
  page: { afterId?: string; limit: number; status?: WorkflowStatus },
): Promise<WorkflowSummaryOut[]> {
  return (await selectWorkflowPage(deps.db, workspaceId, page)).map(workflowSummaryToApi);
}

/**
 * Changes the name, description or draft. Allowed in every status but archived: a live
 * workflow keeps running its published version until the draft is published.
 */
export async function updateWorkflowDraft(deps: Deps, workspaceId: string, id: string, input: WorkflowUpdate): Promise<WorkflowOut> {
  const set: Partial<Pick<WorkflowRow, "name" | "description" | "draft">> = {};
  if (input.name !== undefined) set.name = input.name;
  if (input.description !== undefined) set.description = input.description;
  if (input.definition !== undefined) set.draft = toJson(input.definition);
  const write = () =>
    deps.db.transaction().execute(async (trx) => {
      const current = await getWorkflowRow(deps, workspaceId, id, trx, true);
      assertNotArchived(current, "edited");
      if (Object.keys(set).length) await updateWorkflow(trx, workspaceId, id, { ...set, updated_at: deps.clock.now() });
    });
  await (set.name === undefined ? write() : withUniqueName("workflow", set.name, id, (name) => selectWorkflowByName(deps.db, workspaceId, name), write));
  return readWorkflow(deps, workspaceId, id);
}

/** Archived is final: nothing changes an archived workflow any more. */
export function assertNotArchived(row: WorkflowRow, what: string): void {
  if (row.status === "archived") throw new ConflictError(`workflow ${JSON.stringify(row.id)} is archived: it cannot be ${what}`, "status");
}
