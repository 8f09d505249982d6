import { sql } from "kysely";
import type { Db } from "./contacts.js";

export interface RoundRobinKey {
  workspaceId: string;
  workflowId: string;
  nodeId: string;
}

/**
 * Takes the next turn of a round-robin step and returns it (1 for the first assignment). One
 * upsert, portable across both databases: on PostgreSQL it holds the cursor's row lock until the
 * step commits, so concurrent workers take distinct turns, and a rolled-back step gives its turn back.
 */
export async function takeRoundRobinTurn(db: Db, key: RoundRobinKey, now: number): Promise<number> {
  const row = await db
    .insertInto("round_robin_cursors")
    .values({ workspace_id: key.workspaceId, workflow_id: key.workflowId, node_id: key.nodeId, turns: 1, updated_at: now })
    .onConflict((oc) =>
      oc.columns(["workspace_id", "workflow_id", "node_id"]).doUpdateSet({ turns: sql<number>`round_robin_cursors.turns + 1`, updated_at: now }),
    )
    .returning("turns")
    .executeTakeFirstOrThrow();
  return Number(row.turns);
}
