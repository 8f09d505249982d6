import type { Kysely } from "kysely";
import type { Dialect } from "../dialect.js";

/**
 * Outbound webhook subscriptions (a URL, the contact event types it wants, its own signing
 * secret) and their deliveries: one row per (subscription, event), inserted in the transaction
 * that stores the event, then claimed with a lease and retried with backoff like the outbox.
 * The rows stay once done: they are the subscription's delivery log.
 */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  const { json, time } = d.types;
  await db.schema
    .createTable("webhook_subscriptions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("description", "text")
    /** JSON array of event names (docs/crm.md). */
    .addColumn("event_types", json, (c) => c.notNull())
    /** Null while enabled: disabled subscriptions get no new deliveries. */
    .addColumn("disabled_at", time)
    /** `whsec_…`, kept to sign each attempt; shown to the API once, when created or rotated. */
    .addColumn("secret", "text", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("webhook_subscriptions_workspace").on("webhook_subscriptions").columns(["workspace_id", "id"]).execute();

  await db.schema
    .createTable("webhook_deliveries")
    /** Also the `webhook-id` header: the same on every attempt, so receivers can drop repeats. */
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull())
    .addColumn("subscription_id", "text", (c) => c.notNull().references("webhook_subscriptions.id").onDelete("cascade"))
    /** The timeline event delivered; null for a test event. */
    .addColumn("event_id", "text")
    .addColumn("event_type", "text", (c) => c.notNull())
    /** The exact JSON body sent (text, so that every attempt signs the same bytes). */
    .addColumn("body", "text", (c) => c.notNull())
    /** pending | delivered | failed */
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("due_at", time, (c) => c.notNull())
    .addColumn("lease_until", time)
    .addColumn("response_status", "integer")
    /** The last attempt's answer: status, duration, an excerpt of the body. */
    .addColumn("response", json)
    .addColumn("last_error", json)
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .addColumn("delivered_at", time)
    .addUniqueConstraint("webhook_deliveries_subscription_event", ["subscription_id", "event_id"])
    .execute();
  await db.schema.createIndex("webhook_deliveries_due").on("webhook_deliveries").columns(["status", "due_at"]).execute();
  await db.schema.createIndex("webhook_deliveries_subscription").on("webhook_deliveries").columns(["subscription_id", "id"]).execute();
}
