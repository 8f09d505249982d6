import type { Kysely } from "kysely";
import type { Dialect } from "../dialect.js";

/** Workflow runs, their step history, the one pending timer a waiting run may have, and enrolment requests. */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  const { json, time } = d.types;

  await db.schema
    .createTable("workflow_runs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("workflow_id", "text", (c) => c.notNull().references("workflows.id").onDelete("cascade"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("contact_id", "text", (c) => c.notNull().references("contacts.id").onDelete("cascade"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("node_id", "text")
    .addColumn("state", json, (c) => c.notNull())
    .addColumn("trigger", json, (c) => c.notNull())
    .addColumn("error", json)
    .addColumn("started_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .addColumn("ended_at", time)
    .execute();
  await db.schema.createIndex("workflow_runs_contact").on("workflow_runs").columns(["contact_id", "workflow_id", "started_at"]).execute();
  await db.schema.createIndex("workflow_runs_workflow").on("workflow_runs").columns(["workflow_id", "version", "status"]).execute();

  await db.schema
    .createTable("run_steps")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("run_id", "text", (c) => c.notNull().references("workflow_runs.id").onDelete("cascade"))
    .addColumn("workspace_id", "text", (c) => c.notNull())
    .addColumn("node_id", "text", (c) => c.notNull())
    .addColumn("node_type", "text", (c) => c.notNull())
    .addColumn("outcome", "text", (c) => c.notNull())
    .addColumn("record", json, (c) => c.notNull())
    .addColumn("at", time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("run_steps_run").on("run_steps").columns(["run_id", "id"]).execute();

  await db.schema
    .createTable("timers")
    .addColumn("run_id", "text", (c) => c.primaryKey().references("workflow_runs.id").onDelete("cascade"))
    .addColumn("workspace_id", "text", (c) => c.notNull())
    .addColumn("due_at", time, (c) => c.notNull())
    /** Set while a worker holds the timer; past it, another worker may take it (the first one died). */
    .addColumn("lease_until", time)
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex("timers_due").on("timers").column("due_at").execute();

  // Written in the same transaction as the events that fired a trigger; the engine turns each
  // into a run (or a recorded refusal) and deletes it in that run's transaction.
  await db.schema
    .createTable("enrolment_requests")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("workflow_id", "text", (c) => c.notNull().references("workflows.id").onDelete("cascade"))
    .addColumn("contact_id", "text", (c) => c.notNull().references("contacts.id").onDelete("cascade"))
    .addColumn("trigger", json, (c) => c.notNull())
    .addColumn("due_at", time, (c) => c.notNull())
    .addColumn("lease_until", time)
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex("enrolment_requests_due").on("enrolment_requests").column("due_at").execute();
}
