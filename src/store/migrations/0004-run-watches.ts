import type { Kysely } from "kysely";
import type { Dialect } from "../dialect.js";

/**
 * What a run waits on besides time, and the wake-ups contact changes cause. A watch says which
 * changes of a contact matter to one of its runs: the event a wait-for step waits for, a
 * wait-for condition, or the workflow's goal and exit criteria. The trigger reactor writes a
 * wake-up in the transaction that stores a matching event; the engine answers it once.
 */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  const { json, time } = d.types;

  await db.schema
    .createTable("run_watches")
    .addColumn("run_id", "text", (c) => c.notNull().references("workflow_runs.id").onDelete("cascade"))
    /** `wait` (the wait-for step the run is at) or `criteria` (goal and exit, for the run's life). */
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("workspace_id", "text", (c) => c.notNull())
    .addColumn("contact_id", "text", (c) => c.notNull())
    .addColumn("spec", json, (c) => c.notNull())
    .addPrimaryKeyConstraint("run_watches_pk", ["run_id", "kind"])
    .execute();
  await db.schema.createIndex("run_watches_contact").on("run_watches").column("contact_id").execute();

  await db.schema
    .createTable("run_wakeups")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("run_id", "text", (c) => c.notNull().references("workflow_runs.id").onDelete("cascade"))
    .addColumn("workspace_id", "text", (c) => c.notNull())
    /** The watch that matched: a wake-up for a watch since replaced is stale and ignored. */
    .addColumn("watch_kind", "text", (c) => c.notNull())
    .addColumn("watch_id", "text", (c) => c.notNull())
    .addColumn("reason", json, (c) => c.notNull())
    .addColumn("due_at", time, (c) => c.notNull())
    .addColumn("lease_until", time)
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex("run_wakeups_due").on("run_wakeups").column("due_at").execute();
}
