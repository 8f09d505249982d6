import { sql } from "kysely";
import type { Db } from "./contacts.js";

/** An active workflow and how many of its runs (all versions) are in one status; `status` null: it has no run yet. */
export interface ActiveWorkflowRunCount {
  id: string;
  name: string;
  current_version: number | null;
  status: string | null;
  runs: number;
}

/** Runs per status of every active workflow of the workspace, in one grouped query (the runs' workflow index). */
export async function selectActiveWorkflowRunCounts(db: Db, workspaceId: string): Promise<ActiveWorkflowRunCount[]> {
  const rows = await db
    .selectFrom("workflows as w")
    .leftJoin("workflow_runs as r", "r.workflow_id", "w.id")
    .select(["w.id", "w.name", "w.current_version", "r.status", sql<number>`count(r.id)`.as("runs")])
    .where("w.workspace_id", "=", workspaceId)
    .where("w.status", "=", "active")
    .groupBy(["w.id", "w.name", "w.current_version", "r.status"])
    .orderBy("w.id")
    .execute();
  return rows.map((r) => ({ ...r, current_version: r.current_version === null ? null : Number(r.current_version), runs: Number(r.runs) }));
}
