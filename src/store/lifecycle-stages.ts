import type { Db } from "./contacts.js";
import type { Dialect } from "./dialect.js";

/** How many contacts sit in each of `stages` (stages without contacts are absent). */
export async function countContactsInStages(db: Db, workspaceId: string, stages: string[]): Promise<Map<string, number>> {
  if (!stages.length) return new Map();
  const rows = await db
    .selectFrom("contacts")
    .select((eb) => ["lifecycle_stage", eb.fn.countAll<number>().as("n")])
    .where("workspace_id", "=", workspaceId)
    .where("lifecycle_stage", "in", stages)
    .groupBy("lifecycle_stage")
    .execute();
  return new Map(rows.map((r) => [r.lifecycle_stage!, Number(r.n)]));
}

/** Holds the workspace row for update on PostgreSQL, serialising changes to its settings. */
export async function lockWorkspace(db: Db, dialect: Dialect, workspaceId: string): Promise<boolean> {
  const row = await dialect.forUpdate(db.selectFrom("workspaces").select("id").where("id", "=", workspaceId)).executeTakeFirst();
  return row !== undefined;
}
