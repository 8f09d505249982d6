import type { Kysely } from "kysely";
import type { Dialect } from "../dialect.js";

/**
 * Segment membership history, the staging set of a full recompute, and each segment's refresh
 * interval (rules with rolling windows are recomputed that often, so that leavers leave).
 */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  const { time } = d.types;
  await db.schema
    .createTable("segment_history")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull())
    .addColumn("segment_id", "text", (c) => c.notNull().references("segments.id").onDelete("cascade"))
    .addColumn("contact_id", "text", (c) => c.notNull().references("contacts.id").onDelete("cascade"))
    /** entered | exited */
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("at", time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("segment_history_segment").on("segment_history").columns(["segment_id", "at", "id"]).execute();
  await db.schema.createIndex("segment_history_contact").on("segment_history").columns(["contact_id", "at"]).execute();

  /** The contacts a recompute found matching, diffed against segment_members in the same transaction. */
  await db.schema
    .createTable("segment_staging")
    .addColumn("segment_id", "text", (c) => c.notNull())
    .addColumn("contact_id", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("segment_staging_pk", ["segment_id", "contact_id"])
    .execute();

  await db.schema.alterTable("segments").addColumn("refresh_interval_ms", "integer").execute();
}
