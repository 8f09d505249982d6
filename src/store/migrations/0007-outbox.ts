import type { Kysely } from "kysely";
import type { Dialect } from "../dialect.js";

/**
 * The delivery outbox (one row per external effect, keyed per run step), the local mailbox that
 * stands in for SMTP when none is configured, and each workspace's webhook signing secret.
 */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  const { json, time } = d.types;

  // Inserted in the transaction of the step that asks for the effect; the dispatcher claims due
  // pending rows with a lease, like timers.
  await db.schema
    .createTable("outbox")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("idempotency_key", "text", (c) => c.notNull().unique())
    .addColumn("run_id", "text", (c) => c.notNull().references("workflow_runs.id").onDelete("cascade"))
    .addColumn("node_id", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("payload", json, (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("due_at", time, (c) => c.notNull())
    .addColumn("lease_until", time)
    .addColumn("last_error", json)
    .addColumn("response", json)
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .addColumn("delivered_at", time)
    .execute();
  await db.schema.createIndex("outbox_due").on("outbox").columns(["status", "due_at"]).execute();
  await db.schema.createIndex("outbox_run_node").on("outbox").columns(["run_id", "node_id"]).execute();

  await db.schema
    .createTable("mailbox_messages")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("outbox_key", "text", (c) => c.notNull().unique())
    .addColumn("from", "text", (c) => c.notNull())
    .addColumn("to", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("html", "text", (c) => c.notNull())
    .addColumn("headers", json, (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("mailbox_messages_workspace").on("mailbox_messages").columns(["workspace_id", "id"]).execute();

  // Kept out of workspace settings, which every key can read through GET /workspace.
  await db.schema
    .createTable("webhook_secrets")
    .addColumn("workspace_id", "text", (c) => c.primaryKey().references("workspaces.id").onDelete("cascade"))
    .addColumn("secret", "text", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .execute();
}
