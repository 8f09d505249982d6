import type { Kysely } from "kysely";
import type { Dialect } from "../dialect.js";

/**
 * The turn counter of each round-robin owner assignment step, per (workspace, workflow, node):
 * shared by every worker and kept across published versions, so a team keeps taking turns.
 */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  await db.schema
    .createTable("round_robin_cursors")
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("workflow_id", "text", (c) => c.notNull().references("workflows.id").onDelete("cascade"))
    .addColumn("node_id", "text", (c) => c.notNull())
    /** Assignments made so far by this step (the last turn taken). */
    .addColumn("turns", "integer", (c) => c.notNull())
    .addColumn("updated_at", d.types.time, (c) => c.notNull())
    .addPrimaryKeyConstraint("round_robin_cursors_pk", ["workspace_id", "workflow_id", "node_id"])
    .execute();
}
