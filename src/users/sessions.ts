import { createHash, randomBytes } from "node:crypto";
import type { Deps } from "../deps.js";
import { deleteUserSession, insertUserSession, selectLiveSession, touchUserSession, type UserRow, type UserSessionRow } from "../store/index.js";

const DAY = 24 * 60 * 60 * 1000;
/** A session unused for this long ends (ms, 14 days). */
export const SESSION_IDLE_MS = 14 * DAY;
/** A session ends this long after sign-in however much it is used (ms, 30 days). */
export const SESSION_ABSOLUTE_MS = 30 * DAY;
// Last-seen is written at most once a minute per session: reads stay reads.
const TOUCH_EVERY_MS = 60_000;

/** A signed-in user's session, with the user as it is now (its role may have changed since sign-in). */
export interface LiveSession {
  id: string;
  user: UserRow;
  workspaceId: string;
  /** When the session ends unless used again, epoch ms. */
  expiresAt: number;
}

/** Sessions are stored by the SHA-256 of their token: 256 random bits need no stretching. */
export function sessionIdOf(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Starts a session for `user`; the token (for the cookie) is returned, never stored. */
export async function startSession(deps: Deps, user: UserRow): Promise<{ token: string; expiresAt: number; absoluteExpiresAt: number }> {
  const token = randomBytes(32).toString("base64url");
  const now = deps.clock.now();
  const row: UserSessionRow = {
    id: sessionIdOf(token),
    user_id: user.id,
    workspace_id: user.workspace_id,
    created_at: now,
    last_seen_at: now,
    expires_at: expiryOf(now, now),
  };
  await insertUserSession(deps.db, row);
  return { token, expiresAt: row.expires_at, absoluteExpiresAt: now + SESSION_ABSOLUTE_MS };
}

/**
 * The live session a token opens, or undefined (unknown, ended, expired, or its user lost its
 * password). Using a session slides its idle expiry, never past the absolute one.
 */
export async function resumeSession(deps: Deps, token: string): Promise<LiveSession | undefined> {
  const now = deps.clock.now();
  const found = await selectLiveSession(deps.db, sessionIdOf(token), now);
  if (!found || found.user.password_hash === null) return undefined;
  const { session, user } = found;
  let expiresAt = session.expires_at;
  if (now - session.last_seen_at >= TOUCH_EVERY_MS) {
    expiresAt = expiryOf(session.created_at, now);
    await touchUserSession(deps.db, session.id, now, expiresAt);
  }
  return { id: session.id, user, workspaceId: session.workspace_id, expiresAt };
}

/** Ends the session of `token` (signing out); unknown tokens are ignored. */
export async function endSession(deps: Deps, token: string): Promise<void> {
  await deleteUserSession(deps.db, sessionIdOf(token));
}

function expiryOf(createdAt: number, lastSeenAt: number): number {
  return Math.min(lastSeenAt + SESSION_IDLE_MS, createdAt + SESSION_ABSOLUTE_MS);
}
