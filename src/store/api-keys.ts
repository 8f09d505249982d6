import type { Db } from "./contacts.js";
import type { ApiKeyRow } from "./schema.js";

export async function insertApiKey(db: Db, row: ApiKeyRow): Promise<void> {
  await db.insertInto("api_keys").values(row).execute();
}

export async function selectApiKeyByHash(db: Db, keyHash: string): Promise<ApiKeyRow | undefined> {
  return db.selectFrom("api_keys").selectAll().where("key_hash", "=", keyHash).executeTakeFirst();
}

export async function selectApiKeys(db: Db, workspaceId: string): Promise<ApiKeyRow[]> {
  return db.selectFrom("api_keys").selectAll().where("workspace_id", "=", workspaceId).orderBy("id").execute();
}

/** Returns whether a live key was revoked. */
export async function revokeApiKey(db: Db, workspaceId: string, id: string, at: number): Promise<boolean> {
  const r = await db
    .updateTable("api_keys")
    .set({ revoked_at: at })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
