import type { Kysely } from "kysely";
import type { Dialect } from "../dialect.js";

/** Who a workspace's emails come from: several identities (marketing, support…), one the default. */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  const { time } = d.types;
  await db.schema
    .createTable("sender_identities")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("from_email", "text", (c) => c.notNull())
    .addColumn("from_name", "text")
    .addColumn("reply_to", "text")
    /** 1 for the workspace's default identity, else 0; at most one default per workspace. */
    .addColumn("is_default", "integer", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sender_identities_workspace").on("sender_identities").columns(["workspace_id", "id"]).execute();
}
