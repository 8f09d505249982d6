import type { Db } from "./contacts.js";
import type { SenderIdentityRow } from "./schema.js";

export async function insertSenderIdentity(db: Db, row: SenderIdentityRow): Promise<void> {
  await db.insertInto("sender_identities").values(row).execute();
}

export async function selectSenderIdentities(db: Db, workspaceId: string): Promise<SenderIdentityRow[]> {
  return db.selectFrom("sender_identities").selectAll().where("workspace_id", "=", workspaceId).orderBy("id").execute();
}

export async function selectSenderIdentity(db: Db, workspaceId: string, id: string): Promise<SenderIdentityRow | undefined> {
  return db.selectFrom("sender_identities").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", id).executeTakeFirst();
}

export async function selectDefaultSenderIdentity(db: Db, workspaceId: string): Promise<SenderIdentityRow | undefined> {
  return db.selectFrom("sender_identities").selectAll().where("workspace_id", "=", workspaceId).where("is_default", "=", 1).executeTakeFirst();
}

export async function updateSenderIdentity(db: Db, workspaceId: string, id: string, set: Partial<Omit<SenderIdentityRow, "id" | "workspace_id" | "created_at">>): Promise<void> {
  await db.updateTable("sender_identities").set(set).where("workspace_id", "=", workspaceId).where("id", "=", id).execute();
}

/** Makes `id` the only default identity of the workspace. */
export async function setDefaultSenderIdentity(db: Db, workspaceId: string, id: string): Promise<void> {
  await db.updateTable("sender_identities").set({ is_default: 0 }).where("workspace_id", "=", workspaceId).where("id", "<>", id).execute();
  await db.updateTable("sender_identities").set({ is_default: 1 }).where("workspace_id", "=", workspaceId).where("id", "=", id).execute();
}

export async function deleteSenderIdentity(db: Db, workspaceId: string, id: string): Promise<void> {
  await db.deleteFrom("sender_identities").where("workspace_id", "=", workspaceId).where("id", "=", id).execute();
}
