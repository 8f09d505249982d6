import type { Kysely } from "kysely";
import type { Dialect } from "../dialect.js";

/**
 * Broadcasts (one-time sends of an email template to a list or a segment) and their recipients:
 * the audience is copied into `broadcast_recipients` when sending starts, one row per contact and
 * phase, so that a retry or a second worker can never send the same phase twice to a contact.
 */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  const { json, time } = d.types;
  await db.schema
    .createTable("broadcasts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    /** BroadcastDefinition (src/schemas/broadcast.ts), versioned. */
    .addColumn("definition", json, (c) => c.notNull())
    /** draft | scheduled | sending | testing | sent | cancelled */
    .addColumn("status", "text", (c) => c.notNull())
    /** What the sender does or waits for next: snapshot | test | pick | main | resend | resending | done. */
    .addColumn("stage", "text")
    /** When the sender must act on the broadcast itself (start, pick the winner, start the resend); also its lease. */
    .addColumn("next_at", time)
    /** The last contact id copied from the audience while the snapshot is in progress. */
    .addColumn("cursor", "text")
    .addColumn("recipient_count", "integer", (c) => c.notNull().defaultTo(0))
    /** Template id → version, fixed when sending starts. */
    .addColumn("template_versions", json)
    .addColumn("winner", "text")
    /** The earliest instant the next throttled message may be claimed. */
    .addColumn("throttle_at", time)
    .addColumn("scheduled_at", time)
    .addColumn("test_ends_at", time)
    .addColumn("started_at", time)
    .addColumn("sent_at", time)
    .addColumn("resend_at", time)
    .addColumn("cancelled_at", time)
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("error", json)
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("broadcasts_workspace_id").on("broadcasts").columns(["workspace_id", "id"]).execute();
  await db.schema.createIndex("broadcasts_next_at").on("broadcasts").column("next_at").execute();
  await db.schema.createIndex("broadcasts_status").on("broadcasts").column("status").execute();

  await db.schema
    .createTable("broadcast_recipients")
    .addColumn("broadcast_id", "text", (c) => c.notNull().references("broadcasts.id").onDelete("cascade"))
    .addColumn("contact_id", "text", (c) => c.notNull().references("contacts.id").onDelete("cascade"))
    /** test (the A/B sample) | winner (the rest, once the winner is chosen) | main (no A/B test) | resend */
    .addColumn("phase", "text", (c) => c.notNull())
    .addColumn("workspace_id", "text", (c) => c.notNull())
    .addColumn("variant", "text")
    /** queued | sent | failed | skipped */
    .addColumn("status", "text", (c) => c.notNull())
    /** Why it was skipped (consent refusals, opened, cancelled) or failed (rejected, retries_exhausted, render). */
    .addColumn("reason", "text")
    /** When it may be sent (a local time, a retry); null while it waits for the A/B winner. A claim moves it to the lease's end. */
    .addColumn("due_at", time)
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("message_id", "text")
    .addColumn("sent_at", time)
    .addColumn("error", json)
    .addPrimaryKeyConstraint("broadcast_recipients_pk", ["broadcast_id", "contact_id", "phase"])
    .execute();
  await db.schema.createIndex("broadcast_recipients_due").on("broadcast_recipients").columns(["broadcast_id", "status", "due_at"]).execute();
  // Erasing a contact cascades here: without it PostgreSQL would scan the table.
  await db.schema.createIndex("broadcast_recipients_contact").on("broadcast_recipients").column("contact_id").execute();
}
