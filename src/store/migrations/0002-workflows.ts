import type { Kysely } from "kysely";
import type { Dialect } from "../dialect.js";

/**
 * Workflow definitions: the editable draft per workflow, and its published versions. A version
 * is written once and never changed: runs point at (workflow_id, version), so publishing again
 * never alters what a run in flight executes.
 */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  const { json, time } = d.types;

  await db.schema
    .createTable("workflows")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("draft", json, (c) => c.notNull())
    .addColumn("current_version", "integer")
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .addUniqueConstraint("workflows_workspace_name", ["workspace_id", "name"])
    .execute();
  await db.schema.createIndex("workflows_workspace_status").on("workflows").columns(["workspace_id", "status", "id"]).execute();

  await db.schema
    .createTable("workflow_versions")
    .addColumn("workflow_id", "text", (c) => c.notNull().references("workflows.id").onDelete("cascade"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("definition", json, (c) => c.notNull())
    .addColumn("published_at", time, (c) => c.notNull())
    .addPrimaryKeyConstraint("workflow_versions_pk", ["workflow_id", "version"])
    .execute();
}
