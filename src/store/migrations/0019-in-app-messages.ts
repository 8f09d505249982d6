import type { Kysely } from "kysely";
import type { Dialect } from "../dialect.js";

/** Messages shown inside the customer's product, per contact, until read. */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  const { time } = d.types;
  await db.schema
    .createTable("in_app_messages")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull())
    .addColumn("contact_id", "text", (c) => c.notNull().references("contacts.id").onDelete("cascade"))
    .addColumn("template_id", "text")
    .addColumn("template_version", "integer")
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("url", "text")
    .addColumn("run_id", "text")
    .addColumn("node_id", "text")
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("read_at", time)
    .execute();
  await db.schema.createIndex("in_app_messages_contact").on("in_app_messages").columns(["contact_id", "created_at"]).execute();
}
