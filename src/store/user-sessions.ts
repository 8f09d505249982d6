import type { Db } from "./contacts.js";
import type { UserRow, UserSessionRow } from "./schema.js";

export async function insertUserSession(db: Db, row: UserSessionRow): Promise<void> {
  await db.insertInto("user_sessions").values(row).execute();
}

/** A live session (not expired at `now`) with its user, by the hash of its token. */
export async function selectLiveSession(db: Db, id: string, now: number): Promise<{ session: UserSessionRow; user: UserRow } | undefined> {
  const row = await db
    .selectFrom("user_sessions as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .select([
      "s.id",
      "s.user_id",
      "s.workspace_id",
      "s.created_at",
      "s.last_seen_at",
      "s.expires_at",
      "u.email",
      "u.name",
      "u.role",
      "u.created_at as user_created_at",
      "u.password_hash",
    ])
    .where("s.id", "=", id)
    .where("s.expires_at", ">", now)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    session: { id: row.id, user_id: row.user_id, workspace_id: row.workspace_id, created_at: row.created_at, last_seen_at: row.last_seen_at, expires_at: row.expires_at },
    user: { id: row.user_id, workspace_id: row.workspace_id, email: row.email, name: row.name, role: row.role, created_at: row.user_created_at, password_hash: row.password_hash },
  };
}

/** Records use of a session and moves its expiry. */
export async function touchUserSession(db: Db, id: string, lastSeenAt: number, expiresAt: number): Promise<void> {
  await db.updateTable("user_sessions").set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where("id", "=", id).execute();
}

export async function deleteUserSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom("user_sessions").where("id", "=", id).execute();
}

/** Ends every session of a user, but `keep` (the one changing its own password). */
export async function deleteUserSessions(db: Db, userId: string, keep?: string): Promise<void> {
  let q = db.deleteFrom("user_sessions").where("user_id", "=", userId);
  if (keep !== undefined) q = q.where("id", "<>", keep);
  await q.execute();
}

/** Forgets sessions that ended before `now`. */
export async function deleteExpiredSessions(db: Db, now: number): Promise<void> {
  await db.deleteFrom("user_sessions").where("expires_at", "<=", now).execute();
}
