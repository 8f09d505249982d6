import type { Db } from "./contacts.js";
import type { PropertyDefinitionTable } from "./schema.js";

export type PropertyDefinitionRow = PropertyDefinitionTable;

export async function selectPropertyDefinitions(db: Db, workspaceId: string): Promise<PropertyDefinitionRow[]> {
  return db.selectFrom("property_definitions").selectAll().where("workspace_id", "=", workspaceId).orderBy("name").execute();
}

/** Plain insert: a concurrent definition of the same name fails this transaction, which retries and reads it. */
export async function insertPropertyDefinitions(db: Db, rows: PropertyDefinitionRow[]): Promise<void> {
  if (rows.length) await db.insertInto("property_definitions").values(rows).execute();
}
