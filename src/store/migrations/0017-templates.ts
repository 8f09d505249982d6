import type { Kysely } from "kysely";
import type { Dialect } from "../dialect.js";

/**
 * Message templates and their versions: every content change is a new version, kept, so a
 * message says which version it was sent from and an edit never changes what was sent.
 */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  const { json, time } = d.types;
  await db.schema
    .createTable("templates")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    /** email | sms | in_app */
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .addUniqueConstraint("templates_workspace_name", ["workspace_id", "name"])
    .execute();
  await db.schema.createIndex("templates_workspace").on("templates").columns(["workspace_id", "id"]).execute();

  await db.schema
    .createTable("template_versions")
    .addColumn("template_id", "text", (c) => c.notNull().references("templates.id").onDelete("cascade"))
    .addColumn("version", "integer", (c) => c.notNull())
    /** The content as given (subject, body…). */
    .addColumn("content", json, (c) => c.notNull())
    /** What sending needs, made when saved (an email's compiled HTML). */
    .addColumn("compiled", json, (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .addPrimaryKeyConstraint("template_versions_pk", ["template_id", "version"])
    .execute();
}
