import type { Kysely } from "kysely";
import type { Dialect } from "../dialect.js";

/**
 * Consent: a workspace's subscription topics and each contact's choice per topic, the
 * suppression list (addresses that get no email, or no marketing email), and the secret that
 * authenticates the bounce and complaint notifications of email providers.
 */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  const { json, time } = d.types;
  await db.schema
    .createTable("subscription_topics")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text")
    /** A contact's status until it chooses: subscribed (an opt-out topic) | unsubscribed (opt-in). */
    .addColumn("default_status", "text", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .addUniqueConstraint("subscription_topics_workspace_name", ["workspace_id", "name"])
    .execute();

  await db.schema
    .createTable("topic_subscriptions")
    .addColumn("contact_id", "text", (c) => c.notNull().references("contacts.id").onDelete("cascade"))
    .addColumn("topic_id", "text", (c) => c.notNull().references("subscription_topics.id").onDelete("cascade"))
    /** subscribed | unsubscribed */
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("changed_at", time, (c) => c.notNull())
    /** api | preference_page | one_click */
    .addColumn("source", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("topic_subscriptions_pk", ["contact_id", "topic_id"])
    .execute();
  // Deleting a topic cascades here: without it PostgreSQL would scan the table.
  await db.schema.createIndex("topic_subscriptions_topic").on("topic_subscriptions").column("topic_id").execute();

  await db.schema
    .createTable("suppressions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    /** Trimmed and lower-cased. */
    .addColumn("email", "text", (c) => c.notNull())
    /** hard_bounce | complaint | unsubscribe | manual */
    .addColumn("reason", "text", (c) => c.notNull())
    /** What the notification or the caller said (provider bounce type, description, message id). */
    .addColumn("detail", json)
    /** api | generic | postmark … */
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    // One row per reason: each keeps its own detail, and lifting one (a bounce) leaves the others.
    .addUniqueConstraint("suppressions_workspace_email_reason", ["workspace_id", "email", "reason"])
    .execute();
  await db.schema.createIndex("suppressions_workspace_id").on("suppressions").columns(["workspace_id", "id"]).execute();

  await db.schema
    .createTable("email_webhook_secrets")
    .addColumn("workspace_id", "text", (c) => c.primaryKey().references("workspaces.id").onDelete("cascade"))
    .addColumn("secret", "text", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .execute();
}
