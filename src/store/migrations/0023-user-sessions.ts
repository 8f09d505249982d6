import { sql, type Kysely } from "kysely";
import type { Dialect } from "../dialect.js";

/**
 * Sign-in for workspace users: a password hash on users (scrypt, parameters and salt inside the
 * string; null for a user who cannot sign in, such as a contact owner only) and server-side
 * sessions. A session's id is the SHA-256 of the random token in the browser's cookie, so the
 * table never holds a usable token. The role `readonly` becomes `read_only`.
 */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  const { time } = d.types;
  await db.schema.alterTable("users").addColumn("password_hash", "text").execute();
  await sql`update users set role = 'read_only' where role = 'readonly'`.execute(db);

  await db.schema
    .createTable("user_sessions")
    /** hex SHA-256 of the 256-bit token the cookie carries */
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("last_seen_at", time, (c) => c.notNull())
    /** When the session ends unless used again: the idle limit after last_seen_at, capped by the absolute one. */
    .addColumn("expires_at", time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("user_sessions_user").on("user_sessions").column("user_id").execute();
  await db.schema.createIndex("user_sessions_expires").on("user_sessions").column("expires_at").execute();
}
