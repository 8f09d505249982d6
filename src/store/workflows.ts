import type { Db } from "./contacts.js";
import type { Dialect } from "./dialect.js";
import type { WorkflowRow, WorkflowVersionRow } from "./schema.js";

export async function insertWorkflow(db: Db, row: WorkflowRow): Promise<void> {
  await db.insertInto("workflows").values(row).execute();
}

/** One workflow; `lock` holds it for update on PostgreSQL, so status changes and publishes queue up. */
export async function selectWorkflow(db: Db, dialect: Dialect, workspaceId: string, id: string, lock = false): Promise<WorkflowRow | undefined> {
  const query = db.selectFrom("workflows").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", id);
  return (lock ? dialect.forUpdate(query) : query).executeTakeFirst();
}

export async function selectWorkflows(db: Db, workspaceId: string, ids: string[]): Promise<WorkflowRow[]> {
  if (!ids.length) return [];
  return db.selectFrom("workflows").selectAll().where("workspace_id", "=", workspaceId).where("id", "in", ids).execute();
}

export async function selectWorkflowByName(db: Db, workspaceId: string, name: string): Promise<WorkflowRow | undefined> {
  return db.selectFrom("workflows").selectAll().where("workspace_id", "=", workspaceId).where("name", "=", name).executeTakeFirst();
}

/** Workflows in id (creation) order after `afterId`, optionally of one status. */
export async function selectWorkflowPage(
  db: Db,
  workspaceId: string,
  page: { afterId?: string; limit: number; status?: WorkflowRow["status"] },
): Promise<WorkflowRow[]> {
  let q = db.selectFrom("workflows").selectAll().where("workspace_id", "=", workspaceId);
  if (page.status !== undefined) q = q.where("status", "=", page.status);
  if (page.afterId !== undefined) q = q.where("id", ">", page.afterId);
  return q.orderBy("id").limit(page.limit).execute();
}

export async function updateWorkflow(
  db: Db,
  workspaceId: string,
  id: string,
  set: Partial<Pick<WorkflowRow, "name" | "description" | "status" | "draft" | "current_version" | "updated_at">>,
): Promise<void> {
  if (Object.keys(set).length === 0) return;
  await db.updateTable("workflows").set(set).where("workspace_id", "=", workspaceId).where("id", "=", id).execute();
}

/** Plain insert: a version number taken by a concurrent publish fails on the primary key. */
export async function insertWorkflowVersion(db: Db, row: WorkflowVersionRow): Promise<void> {
  await db.insertInto("workflow_versions").values(row).execute();
}

export async function selectWorkflowVersion(db: Db, workflowId: string, version: number): Promise<WorkflowVersionRow | undefined> {
  return db.selectFrom("workflow_versions").selectAll().where("workflow_id", "=", workflowId).where("version", "=", version).executeTakeFirst();
}

/** Every published version of a workflow, oldest first, without the definitions. */
export async function selectWorkflowVersionSummaries(db: Db, workflowId: string): Promise<Pick<WorkflowVersionRow, "version" | "published_at">[]> {
  return db.selectFrom("workflow_versions").select(["version", "published_at"]).where("workflow_id", "=", workflowId).orderBy("version").execute();
}

/**
 * Which of `ids` name a row of `table` in the workspace: one query per check of a workflow's
 * references (lists, users, other workflows).
 */
export async function selectExistingIds(db: Db, table: "lists" | "users" | "workflows", workspaceId: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db.selectFrom(table).select("id").where("workspace_id", "=", workspaceId).where("id", "in", [...new Set(ids)]).execute();
  return new Set(rows.map((r) => r.id));
}
