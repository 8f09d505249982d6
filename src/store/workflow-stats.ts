import { sql } from "kysely";
import type { Db } from "./contacts.js";

/** Steps run at each node by runs of one version, and how many distinct runs ran them. */
export interface NodeStepCount {
  node_id: string;
  steps: number;
  runs: number;
}

/** Runs of one version grouped by status, current node and the node of their latest step. */
export interface RunPlaceCount {
  status: string;
  node_id: string | null;
  last_node_id: string | null;
  runs: number;
}

export async function selectNodeStepCounts(db: Db, workflowId: string, version: number): Promise<NodeStepCount[]> {
  const rows = await db
    .selectFrom("run_steps as s")
    .innerJoin("workflow_runs as r", "r.id", "s.run_id")
    .select(["s.node_id", sql<number>`count(*)`.as("steps"), sql<number>`count(distinct s.run_id)`.as("runs")])
    .where("r.workflow_id", "=", workflowId)
    .where("r.version", "=", version)
    // A removal is recorded at the node the run was in, but runs no step there.
    .where("s.outcome", "!=", "exited")
    .groupBy("s.node_id")
    .execute();
  return rows.map((r) => ({ node_id: r.node_id, steps: Number(r.steps), runs: Number(r.runs) }));
}

/**
 * One grouped pass over the version's runs. The latest step comes from the (run_id, id) index,
 * one lookup per run: it tells where an ended run stopped (ended runs keep no node) and which
 * delay a waiting run sleeps in.
 */
export async function selectRunPlaceCounts(db: Db, workflowId: string, version: number): Promise<RunPlaceCount[]> {
  const places = db
    .selectFrom("workflow_runs as r")
    .select((eb) => [
      "r.status",
      "r.node_id",
      eb.selectFrom("run_steps as s").select("s.node_id").whereRef("s.run_id", "=", "r.id").orderBy("s.id", "desc").limit(1).as("last_node_id"),
    ])
    .where("r.workflow_id", "=", workflowId)
    .where("r.version", "=", version)
    .as("p");
  const rows = await db
    .selectFrom(places)
    .select(["p.status", "p.node_id", "p.last_node_id", sql<number>`count(*)`.as("runs")])
    .groupBy(["p.status", "p.node_id", "p.last_node_id"])
    .execute();
  return rows.map((r) => ({ status: r.status, node_id: r.node_id, last_node_id: r.last_node_id, runs: Number(r.runs) }));
}
