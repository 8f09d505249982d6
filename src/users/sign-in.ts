import { ConflictError, UnauthorizedError, ValidationError } from "../core/index.js";
import type { Deps } from "../deps.js";
import { normalizeEmail } from "../contacts/index.js";
import { DEFAULT_WORKSPACE, findOrCreateWorkspace } from "../workspaces/index.js";
import {
  anyPasswordUser,
  deleteExpiredSessions,
  deleteUserSessions,
  insertUser,
  lockFirstWorkspace,
  selectPasswordUsersByEmail,
  selectUserByEmail,
  selectWorkspaceByName,
  updateUser,
  updateUserPassword,
  type UserRow,
  type Workspace,
} from "../store/index.js";
import type { LoginIn, PasswordChange, SetupIn } from "../schemas/sign-in.js";
import { checkPassword, DEFAULT_SCRYPT, needsRehash, verifyPassword } from "./password.js";
import type { LiveSession } from "./sessions.js";
import { checkEmail, hashPasswordFor } from "./users.js";

/** The one answer to a failed sign-in, whether the email is unknown or the password wrong. */
const WRONG = "wrong email or password";
// A user's email may sign in to this many workspaces at most before `workspace` is needed.
const MAX_CANDIDATES = 5;

/** Whether the install still waits for its first admin: no user anywhere has a password. */
export async function setupNeeded(deps: Deps): Promise<boolean> {
  return !(await anyPasswordUser(deps.db));
}

/**
 * Creates the install's first admin, in the workspace named `workspaceName` (default `default`,
 * created when missing). Refused with 409 once any user has a password, so it can happen only
 * once. A user already there with that email (a contact owner) becomes the admin.
 */
export async function setupFirstAdmin(deps: Deps, input: SetupIn): Promise<{ user: UserRow; workspace: Workspace }> {
  const email = checkEmail(input.email);
  checkPassword(input.password);
  if (!(await setupNeeded(deps))) throw alreadySetUp();
  const hash = await hashPasswordFor(deps, input.password);
  const workspace = await workspaceNamed(deps, input.workspaceName ?? DEFAULT_WORKSPACE);
  const user = await deps.db.transaction().execute(async (trx) => {
    // Every setup locks the same row first: two at once on PostgreSQL run one after the other.
    await lockFirstWorkspace(trx, deps.dialect);
    if (await anyPasswordUser(trx)) throw alreadySetUp();
    const existing = await selectUserByEmail(trx, workspace.id, email);
    const name = input.name === undefined ? (existing?.name ?? null) : input.name;
    if (existing) {
      await updateUser(trx, workspace.id, existing.id, { role: "admin", name });
      await updateUserPassword(trx, workspace.id, existing.id, hash);
      return { ...existing, role: "admin" as const, name, password_hash: hash };
    }
    const row: UserRow = { id: deps.ids(), workspace_id: workspace.id, email, name, role: "admin", created_at: deps.clock.now(), password_hash: hash };
    await insertUser(trx, row);
    return row;
  });
  return { user, workspace };
}

/**
 * The user whose email and password these are. Unknown emails cost one hash check too, and
 * every failure says the same, so answers do not tell which emails exist. When the email signs
 * in to several workspaces, the oldest account the password opens wins unless `workspace` names one.
 */
export async function checkCredentials(deps: Deps, input: LoginIn): Promise<UserRow> {
  const email = normalizeEmail(input.email);
  let candidates = email ? await selectPasswordUsersByEmail(deps.db, email, MAX_CANDIDATES) : [];
  if (input.workspace !== undefined) {
    const ws = await selectWorkspaceByName(deps.db, input.workspace);
    candidates = candidates.filter((u) => u.workspace_id === ws?.id);
  }
  if (candidates.length === 0) {
    await verifyPassword(input.password, await dummyHash(deps));
    throw new UnauthorizedError(WRONG);
  }
  for (const user of candidates) {
    if (!(await verifyPassword(input.password, user.password_hash!))) continue;
    await rehashIfOld(deps, user, input.password);
    // Sign-ins are rare: a good moment to forget sessions that ended.
    await deleteExpiredSessions(deps.db, deps.clock.now());
    return user;
  }
  throw new UnauthorizedError(WRONG);
}

/**
 * Changes the signed-in user's own password, given the current one; every other session of the
 * user ends, this one goes on.
 */
export async function changeOwnPassword(deps: Deps, session: LiveSession, input: PasswordChange): Promise<void> {
  checkPassword(input.newPassword, "newPassword");
  if (!(await verifyPassword(input.currentPassword, session.user.password_hash ?? ""))) {
    throw ValidationError.field("currentPassword", "is not your current password");
  }
  const hash = await hashPasswordFor(deps, input.newPassword);
  await deps.db.transaction().execute(async (trx) => {
    await updateUserPassword(trx, session.workspaceId, session.user.id, hash);
    await deleteUserSessions(trx, session.user.id, session.id);
  });
}

function alreadySetUp(): ConflictError {
  return new ConflictError("this install already has an admin: sign in, or ask an admin to add you");
}

async function workspaceNamed(deps: Deps, name: string): Promise<Workspace> {
  try {
    return await findOrCreateWorkspace(deps, name);
  } catch (err) {
    // Lost a race to create it: the winner's row is there now.
    const found = await selectWorkspaceByName(deps.db, name);
    if (found) return found;
    throw err;
  }
}

async function rehashIfOld(deps: Deps, user: UserRow, password: string): Promise<void> {
  if (!needsRehash(user.password_hash!, deps.config.scrypt ?? DEFAULT_SCRYPT)) return;
  await updateUserPassword(deps.db, user.workspace_id, user.id, await hashPasswordFor(deps, password));
}

// A hash of nothing anyone knows, made once per set of parameters, to check unknown emails against.
const dummies = new Map<string, Promise<string>>();
function dummyHash(deps: Deps): Promise<string> {
  const key = JSON.stringify(deps.config.scrypt ?? DEFAULT_SCRYPT);
  let hash = dummies.get(key);
  if (!hash) dummies.set(key, (hash = hashPasswordFor(deps, "no user has this password")));
  return hash;
}
