import type { Db } from "./contacts.js";
import type { WorkflowRunRow } from "./schema.js";

/** The runs with these ids in the workspace. */
export async function selectRunsByIds(db: Db, workspaceId: string, ids: string[]): Promise<WorkflowRunRow[]> {
  if (!ids.length) return [];
  return db.selectFrom("workflow_runs").selectAll().where("workspace_id", "=", workspaceId).where("id", "in", [...new Set(ids)]).execute();
}

/** The names of the workflows with these ids in the workspace. */
export async function selectWorkflowNames(db: Db, workspaceId: string, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom("workflows").select(["id", "name"]).where("workspace_id", "=", workspaceId).where("id", "in", [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
