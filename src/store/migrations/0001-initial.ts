import type { Kysely } from "kysely";
import type { Dialect } from "../dialect.js";

/** Workspaces, keys, users, contacts and their identities, properties, tags, lists, events, imports. */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  const { json, time, real } = d.types;

  await db.schema
    .createTable("workspaces")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("settings", json, (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("api_keys")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("key_hash", "text", (c) => c.notNull().unique())
    .addColumn("prefix", "text", (c) => c.notNull())
    .addColumn("name", "text")
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("revoked_at", time)
    .execute();

  await db.schema
    .createTable("users")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("name", "text")
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .addUniqueConstraint("users_workspace_email", ["workspace_id", "email"])
    .execute();

  await db.schema
    .createTable("contacts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("email", "text")
    .addColumn("external_id", "text")
    .addColumn("properties", json, (c) => c.notNull())
    .addColumn("lifecycle_stage", "text")
    .addColumn("score", real, (c) => c.notNull().defaultTo(0))
    .addColumn("owner_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("timezone", "text")
    .addColumn("subscriptions", json, (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .addUniqueConstraint("contacts_workspace_email", ["workspace_id", "email"])
    .addUniqueConstraint("contacts_workspace_external_id", ["workspace_id", "external_id"])
    .execute();
  await db.schema.createIndex("contacts_workspace_id").on("contacts").columns(["workspace_id", "id"]).execute();

  await db.schema
    .createTable("anonymous_ids")
    .addColumn("workspace_id", "text", (c) => c.notNull())
    .addColumn("anonymous_id", "text", (c) => c.notNull())
    .addColumn("contact_id", "text", (c) => c.notNull().references("contacts.id").onDelete("cascade"))
    .addColumn("created_at", time, (c) => c.notNull())
    .addPrimaryKeyConstraint("anonymous_ids_pk", ["workspace_id", "anonymous_id"])
    .execute();
  await db.schema.createIndex("anonymous_ids_contact").on("anonymous_ids").column("contact_id").execute();

  await db.schema
    .createTable("property_definitions")
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .addPrimaryKeyConstraint("property_definitions_pk", ["workspace_id", "name"])
    .execute();

  await db.schema
    .createTable("contact_tags")
    .addColumn("workspace_id", "text", (c) => c.notNull())
    .addColumn("contact_id", "text", (c) => c.notNull().references("contacts.id").onDelete("cascade"))
    .addColumn("tag", "text", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .addPrimaryKeyConstraint("contact_tags_pk", ["contact_id", "tag"])
    .execute();
  await db.schema.createIndex("contact_tags_workspace_tag").on("contact_tags").columns(["workspace_id", "tag"]).execute();

  await db.schema
    .createTable("lists")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("created_at", time, (c) => c.notNull())
    .addUniqueConstraint("lists_workspace_name", ["workspace_id", "name"])
    .execute();

  await db.schema
    .createTable("list_members")
    .addColumn("workspace_id", "text", (c) => c.notNull())
    .addColumn("list_id", "text", (c) => c.notNull().references("lists.id").onDelete("cascade"))
    .addColumn("contact_id", "text", (c) => c.notNull().references("contacts.id").onDelete("cascade"))
    .addColumn("created_at", time, (c) => c.notNull())
    .addPrimaryKeyConstraint("list_members_pk", ["list_id", "contact_id"])
    .execute();
  await db.schema.createIndex("list_members_contact").on("list_members").column("contact_id").execute();

  await db.schema
    .createTable("events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("contact_id", "text", (c) => c.notNull().references("contacts.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("name", "text")
    .addColumn("properties", json, (c) => c.notNull())
    .addColumn("context", json)
    .addColumn("message_id", "text")
    .addColumn("timestamp", time, (c) => c.notNull())
    .addColumn("received_at", time, (c) => c.notNull())
    .addUniqueConstraint("events_workspace_message_id", ["workspace_id", "message_id"])
    .execute();
  await db.schema.createIndex("events_contact_timestamp").on("events").columns(["contact_id", "timestamp", "id"]).execute();
  await db.schema.createIndex("events_workspace_name_timestamp").on("events").columns(["workspace_id", "name", "timestamp"]).execute();

  await db.schema
    .createTable("imports")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("source", "text")
    .addColumn("created", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("updated", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("rejected", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("report", json, (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("finished_at", time)
    .execute();
}
