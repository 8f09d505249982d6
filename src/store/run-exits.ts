import type { Db } from "./contacts.js";
import type { Dialect } from "./dialect.js";
import type { WorkflowRunRow } from "./schema.js";

/**
 * The contact's active (running or waiting) runs of a workflow, locked in id order until the
 * transaction ends: a worker advancing one of them either commits first (and the run is read as
 * it left it) or waits and then finds the run ended.
 */
export async function selectActiveRunsForUpdate(db: Db, dialect: Dialect, workspaceId: string, workflowId: string, contactId: string): Promise<WorkflowRunRow[]> {
  const query = db
    .selectFrom("workflow_runs")
    .selectAll()
    .where("contact_id", "=", contactId)
    .where("workflow_id", "=", workflowId)
    .where("workspace_id", "=", workspaceId)
    .where("status", "in", ["running", "waiting"]);
  const rows = await dialect.forUpdateInOrder(query, "id").execute();
  // PostgreSQL re-reads a row it waited for; one that ended meanwhile is left out here.
  return rows.filter((r) => r.status === "running" || r.status === "waiting");
}

/** The node of each run's latest step (runs without a step are absent). */
export async function selectLastStepNodes(db: Db, runIds: string[]): Promise<Map<string, string>> {
  if (!runIds.length) return new Map();
  const rows = await db
    .selectFrom("run_steps as s")
    .select(["s.run_id", "s.node_id"])
    .where("s.run_id", "in", runIds)
    .where("s.id", "=", (eb) => eb.selectFrom("run_steps as l").select((e) => e.fn.max("l.id").as("id")).whereRef("l.run_id", "=", "s.run_id"))
    .execute();
  return new Map(rows.map((r) => [r.run_id, r.node_id]));
}
