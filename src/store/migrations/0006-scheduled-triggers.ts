import type { Kysely } from "kysely";
import type { Dialect } from "../dialect.js";

/**
 * Triggers fired by time rather than by events: `trigger_schedules` holds one row per
 * (workflow, trigger index) of the active version's `schedule` and `date.due` triggers, with the
 * work due next (a cron occurrence, or a date.due backfill) and a cursor into its audience;
 * `scheduled_enrolments` holds one row per (workflow, date.due trigger, contact) with the
 * instant that contact falls due.
 */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  const { json, time } = d.types;

  await db.schema
    .createTable("trigger_schedules")
    .addColumn("workflow_id", "text", (c) => c.notNull().references("workflows.id").onDelete("cascade"))
    .addColumn("trigger_index", "integer", (c) => c.notNull())
    .addColumn("workspace_id", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("trigger", json, (c) => c.notNull())
    /** When work is due (the next cron occurrence, or now for a backfill); null when idle. */
    .addColumn("next_at", time)
    /** The occurrence being worked through (or the backfill's start); null between occurrences. */
    .addColumn("occurrence", time)
    /** The last contact id done in this occurrence: a crash resumes after it. */
    .addColumn("cursor", "text")
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("error", json)
    .addColumn("updated_at", time, (c) => c.notNull())
    .addPrimaryKeyConstraint("trigger_schedules_pk", ["workflow_id", "trigger_index"])
    .execute();
  await db.schema.createIndex("trigger_schedules_next").on("trigger_schedules").column("next_at").execute();
  await db.schema.createIndex("trigger_schedules_workspace_type").on("trigger_schedules").columns(["workspace_id", "type"]).execute();

  await db.schema
    .createTable("scheduled_enrolments")
    .addColumn("workflow_id", "text", (c) => c.notNull().references("workflows.id").onDelete("cascade"))
    .addColumn("trigger_index", "integer", (c) => c.notNull())
    .addColumn("contact_id", "text", (c) => c.notNull().references("contacts.id").onDelete("cascade"))
    .addColumn("workspace_id", "text", (c) => c.notNull())
    /** The property value the instant was computed from. */
    .addColumn("value", "text", (c) => c.notNull())
    /** When it falls due; null once fired (kept, so that the same value never fires twice). */
    .addColumn("due_at", time)
    .addPrimaryKeyConstraint("scheduled_enrolments_pk", ["workflow_id", "trigger_index", "contact_id"])
    .execute();
  await db.schema.createIndex("scheduled_enrolments_due").on("scheduled_enrolments").column("due_at").execute();
  await db.schema.createIndex("scheduled_enrolments_contact").on("scheduled_enrolments").column("contact_id").execute();
}
