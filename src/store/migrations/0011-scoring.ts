import type { Kysely } from "kysely";
import type { Dialect } from "../dialect.js";

/**
 * Lead scoring: the workspace's scores (thresholds, decay, promotion), the rules that award
 * points, and every award, which explains each score change and drives caps and expiry.
 */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  const { json, time, real } = d.types;
  await db.schema
    .createTable("score_definitions")
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    /** `default` is the contact's main score (contacts.score); any other key lives in contact_scores. */
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text")
    /** { thresholds: number[], decay?: {kind, ...}, promote: [{threshold, stage}] } */
    .addColumn("settings", json, (c) => c.notNull())
    /** When the next halving is due (decay `halve`); null otherwise. */
    .addColumn("decay_at", time)
    /** The last contact id a halving in progress reached. */
    .addColumn("decay_cursor", "text")
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .addPrimaryKeyConstraint("score_definitions_pk", ["workspace_id", "key"])
    .execute();
  await db.schema.createIndex("score_definitions_decay").on("score_definitions").column("decay_at").execute();

  await db.schema
    .createTable("scoring_rules")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("score", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    /** event | property */
    .addColumn("kind", "text", (c) => c.notNull())
    /** The rule as the API takes it (src/schemas/scoring.ts). */
    .addColumn("definition", json, (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("scoring_rules_workspace").on("scoring_rules").columns(["workspace_id", "id"]).execute();

  await db.schema
    .createTable("score_awards")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull())
    .addColumn("contact_id", "text", (c) => c.notNull().references("contacts.id").onDelete("cascade"))
    .addColumn("score", "text", (c) => c.notNull())
    /** Null once the rule is deleted: the award stays as history. */
    .addColumn("rule_id", "text")
    .addColumn("points", real, (c) => c.notNull())
    /** The event that earned the points (event rules). */
    .addColumn("event_id", "text")
    .addColumn("awarded_at", time, (c) => c.notNull())
    .addColumn("expires_at", time)
    /** When the points were taken back (expiry, or a fit rule no longer holding). */
    .addColumn("removed_at", time)
    .execute();
  await db.schema.createIndex("score_awards_contact_rule").on("score_awards").columns(["contact_id", "rule_id", "awarded_at"]).execute();
  await db.schema.createIndex("score_awards_expiry").on("score_awards").columns(["expires_at"]).execute();
}
