import type { Kysely } from "kysely";
import type { Dialect } from "../dialect.js";

/**
 * Forms (a versioned JSON definition, unique name per workspace) and their submissions. A
 * submission keeps what was typed, what it sets on the contact and which topic it subscribes,
 * so that a double opt-in confirmation applies exactly what was submitted, even if the form
 * changed meanwhile. Erasing a contact erases its submissions.
 */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  const { json, time } = d.types;
  await db.schema
    .createTable("forms")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    /** FormDefinition (src/schemas/form.ts), with its `version`. */
    .addColumn("definition", json, (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .addUniqueConstraint("forms_workspace_name", ["workspace_id", "name"])
    .execute();
  await db.schema.createIndex("forms_workspace").on("forms").columns(["workspace_id", "id"]).execute();

  await db.schema
    .createTable("form_submissions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull())
    .addColumn("form_id", "text", (c) => c.notNull().references("forms.id").onDelete("cascade"))
    /** Null while a double opt-in waits for confirmation: nothing touches a contact before it. */
    .addColumn("contact_id", "text", (c) => c.references("contacts.id").onDelete("cascade"))
    /** accepted | pending_confirmation | confirmed */
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("email", "text", (c) => c.notNull())
    /** The values by field name, as checked. */
    .addColumn("fields", json, (c) => c.notNull())
    /** The contact properties the submission sets, typed. */
    .addColumn("properties", json, (c) => c.notNull())
    /** The topic the consent box subscribes to, when it was ticked. */
    .addColumn("consent_topic_id", "text")
    /** HMAC of the sender's IP address under the install's link key: repeats show, the address does not. */
    .addColumn("ip_hash", "text")
    .addColumn("user_agent", "text")
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("confirmed_at", time)
    .execute();
  await db.schema.createIndex("form_submissions_form").on("form_submissions").columns(["form_id", "id"]).execute();
  await db.schema.createIndex("form_submissions_contact").on("form_submissions").columns(["contact_id"]).execute();
}
