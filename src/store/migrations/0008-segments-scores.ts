import type { Kysely } from "kysely";
import type { Dialect } from "../dialect.js";

/**
 * Dynamic segments with their current members, and the named scores of each contact (the
 * workspace's default score stays in contacts.score).
 */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  const { json, time, real } = d.types;

  await db.schema
    .createTable("segments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("rule", json, (c) => c.notNull())
    /** Bumped on every rule change: a recompute started for an older rule is discarded. */
    .addColumn("rule_version", "integer", (c) => c.notNull().defaultTo(1))
    /** building (a full recompute is due or running) | ready */
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("member_count", "integer", (c) => c.notNull().defaultTo(0))
    /** When a full recompute is due (rule changed, or a rolling window may have moved); null when none is. */
    .addColumn("recompute_at", time)
    .addColumn("lease_until", time)
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("error", json)
    .addColumn("computed_at", time)
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("segments_workspace").on("segments").columns(["workspace_id", "id"]).execute();
  await db.schema.createIndex("segments_recompute").on("segments").column("recompute_at").execute();

  await db.schema
    .createTable("segment_members")
    .addColumn("segment_id", "text", (c) => c.notNull().references("segments.id").onDelete("cascade"))
    .addColumn("contact_id", "text", (c) => c.notNull().references("contacts.id").onDelete("cascade"))
    .addColumn("workspace_id", "text", (c) => c.notNull())
    .addColumn("entered_at", time, (c) => c.notNull())
    .addPrimaryKeyConstraint("segment_members_pk", ["segment_id", "contact_id"])
    .execute();
  await db.schema.createIndex("segment_members_contact").on("segment_members").column("contact_id").execute();

  await db.schema
    .createTable("contact_scores")
    .addColumn("contact_id", "text", (c) => c.notNull().references("contacts.id").onDelete("cascade"))
    /** The score's key, as the workspace's score definitions name it (e.g. `fit`). */
    .addColumn("score", "text", (c) => c.notNull())
    .addColumn("workspace_id", "text", (c) => c.notNull())
    .addColumn("points", real, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .addPrimaryKeyConstraint("contact_scores_pk", ["contact_id", "score"])
    .execute();
  await db.schema.createIndex("contact_scores_workspace_score").on("contact_scores").columns(["workspace_id", "score", "points"]).execute();
}
