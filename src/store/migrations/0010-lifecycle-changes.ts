import type { Kysely } from "kysely";
import type { Dialect } from "../dialect.js";

/** Every lifecycle stage change of a contact, with its cause: the source of funnel reports. */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  const { json, time } = d.types;

  await db.schema
    .createTable("lifecycle_changes")
    /** The id of the `lifecycle.changed` event that recorded the change. */
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("contact_id", "text", (c) => c.notNull().references("contacts.id").onDelete("cascade"))
    .addColumn("from_stage", "text")
    .addColumn("to_stage", "text")
    /** api | workflow | import | score | merge | simulation … */
    .addColumn("cause_kind", "text", (c) => c.notNull())
    /** What exactly caused it ({ workflowId, runId, nodeId } for a workflow), or null. */
    .addColumn("cause_detail", json)
    .addColumn("changed_at", time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("lifecycle_changes_workspace_time").on("lifecycle_changes").columns(["workspace_id", "changed_at"]).execute();
  await db.schema.createIndex("lifecycle_changes_contact_time").on("lifecycle_changes").columns(["contact_id", "changed_at"]).execute();
}
