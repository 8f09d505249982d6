import type { Db } from "./contacts.js";
import type { Dialect } from "./dialect.js";
import type { UserRow } from "./schema.js";

export async function insertUser(db: Db, row: UserRow): Promise<void> {
  await db.insertInto("users").values(row).execute();
}

/** One user; `lock` holds it for update on PostgreSQL (so no contact can be given to it meanwhile). */
export async function selectUser(db: Db, dialect: Dialect, workspaceId: string, id: string, lock = false): Promise<UserRow | undefined> {
  const query = db.selectFrom("users").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", id);
  return (lock ? dialect.forUpdate(query) : query).executeTakeFirst();
}

export async function selectUserByEmail(db: Db, workspaceId: string, email: string): Promise<UserRow | undefined> {
  return db.selectFrom("users").selectAll().where("workspace_id", "=", workspaceId).where("email", "=", email).executeTakeFirst();
}

/** Users in id (creation) order after `afterId`. */
export async function selectUserPage(db: Db, workspaceId: string, page: { afterId?: string; limit: number }): Promise<UserRow[]> {
  let q = db.selectFrom("users").selectAll().where("workspace_id", "=", workspaceId);
  if (page.afterId !== undefined) q = q.where("id", ">", page.afterId);
  return q.orderBy("id").limit(page.limit).execute();
}

export async function updateUser(db: Db, workspaceId: string, id: string, set: Partial<Pick<UserRow, "email" | "name" | "role">>): Promise<void> {
  if (Object.keys(set).length === 0) return;
  await db.updateTable("users").set(set).where("workspace_id", "=", workspaceId).where("id", "=", id).execute();
}

export async function deleteUser(db: Db, workspaceId: string, id: string): Promise<void> {
  await db.deleteFrom("users").where("workspace_id", "=", workspaceId).where("id", "=", id).execute();
}

/** Up to `limit` ids of contacts the user owns. */
export async function selectContactIdsOwnedBy(db: Db, workspaceId: string, userId: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom("contacts")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("owner_id", "=", userId)
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Users of any workspace with this email who can sign in, oldest first. */
export async function selectPasswordUsersByEmail(db: Db, email: string, limit: number): Promise<UserRow[]> {
  return db.selectFrom("users").selectAll().where("email", "=", email).where("password_hash", "is not", null).orderBy("id").limit(limit).execute();
}

/** Whether any user of the install can sign in. */
export async function anyPasswordUser(db: Db): Promise<boolean> {
  return (await db.selectFrom("users").select("id").where("password_hash", "is not", null).limit(1).executeTakeFirst()) !== undefined;
}

export async function updateUserPassword(db: Db, workspaceId: string, id: string, passwordHash: string | null): Promise<void> {
  await db.updateTable("users").set({ password_hash: passwordHash }).where("workspace_id", "=", workspaceId).where("id", "=", id).execute();
}

/** How many users of the workspace are admins who can sign in, `except` one. */
export async function countSignInAdmins(db: Db, workspaceId: string, except: string): Promise<number> {
  const { n } = await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("workspace_id", "=", workspaceId)
    .where("role", "=", "admin")
    .where("password_hash", "is not", null)
    .where("id", "<>", except)
    .executeTakeFirstOrThrow();
  return Number(n);
}
