import { ConflictError, NotFoundError, ValidationError } from "../core/index.js";
import type { Deps } from "../deps.js";
import { normalizeEmail } from "../contacts/index.js";
import {
  countSignInAdmins,
  deleteUserSessions,
  insertUser,
  selectUser,
  selectUserByEmail,
  selectUserPage,
  updateUser as updateUserRow,
  updateUserPassword,
  type UserRow,
} from "../store/index.js";
import type { UserCreate, UserOut, UserUpdate } from "../schemas/user.js";
import { checkPassword, DEFAULT_SCRYPT, hashPassword } from "./password.js";

export function userToApi(row: UserRow): UserOut {
  return { id: row.id, email: row.email, name: row.name, role: row.role, hasPassword: row.password_hash !== null, createdAt: new Date(row.created_at).toISOString() };
}

/** Creates a user; with `password`, one who can sign in. */
export async function createUser(deps: Deps, workspaceId: string, input: UserCreate): Promise<UserOut> {
  const email = checkEmail(input.email);
  if (input.password !== undefined) checkPassword(input.password);
  const passwordHash = input.password === undefined ? null : await hashPasswordFor(deps, input.password);
  const row: UserRow = {
    id: deps.ids(),
    workspace_id: workspaceId,
    email,
    name: input.name ?? null,
    role: input.role,
    created_at: deps.clock.now(),
    password_hash: passwordHash,
  };
  await withUniqueEmail(deps, workspaceId, email, undefined, () => insertUser(deps.db, row));
  return userToApi(row);
}

export async function readUser(deps: Deps, workspaceId: string, id: string): Promise<UserOut> {
  const row = await selectUser(deps.db, deps.dialect, workspaceId, id);
  if (!row) throw new NotFoundError(`no user ${JSON.stringify(id)}`);
  return userToApi(row);
}

/** A page of users in creation order. */
export async function listUsers(deps: Deps, workspaceId: string, page: { afterId?: string; limit: number }): Promise<UserOut[]> {
  return (await selectUserPage(deps.db, workspaceId, page)).map(userToApi);
}

export async function updateUser(deps: Deps, workspaceId: string, id: string, input: UserUpdate): Promise<UserOut> {
  const current = await selectUser(deps.db, deps.dialect, workspaceId, id);
  if (!current) throw new NotFoundError(`no user ${JSON.stringify(id)}`);
  const set: Partial<Pick<UserRow, "email" | "name" | "role">> = {};
  if (input.email !== undefined) set.email = checkEmail(input.email);
  if (input.name !== undefined) set.name = input.name;
  if (input.role !== undefined) set.role = input.role;
  if (set.role !== undefined && set.role !== "admin") await assertNotLastAdmin(deps, current, "role");
  const write = () => updateUserRow(deps.db, workspaceId, id, set);
  if (set.email !== undefined && set.email !== current.email) await withUniqueEmail(deps, workspaceId, set.email, id, write);
  else await write();
  return userToApi({ ...current, ...set });
}

/**
 * Gives a user a new password (an admin's doing, or the operator's through the CLI) and ends
 * all its sessions: whoever knew the old one is signed out.
 */
export async function setUserPassword(deps: Deps, workspaceId: string, id: string, password: string): Promise<void> {
  checkPassword(password);
  if (!(await selectUser(deps.db, deps.dialect, workspaceId, id))) throw new NotFoundError(`no user ${JSON.stringify(id)}`);
  const hash = await hashPasswordFor(deps, password);
  await deps.db.transaction().execute(async (trx) => {
    await updateUserPassword(trx, workspaceId, id, hash);
    await deleteUserSessions(trx, id);
  });
}

/**
 * Refuses (409) to take the admin role from the workspace's last admin who can sign in: nobody
 * would be left to manage users from the web UI.
 */
export async function assertNotLastAdmin(deps: Pick<Deps, "db">, user: UserRow, field?: string): Promise<void> {
  if (user.role !== "admin" || user.password_hash === null) return;
  if ((await countSignInAdmins(deps.db, user.workspace_id, user.id)) > 0) return;
  throw new ConflictError(`${user.email} is the last admin who can sign in to this workspace; make another user admin first`, field);
}

/** A scrypt hash with the install's parameters. */
export function hashPasswordFor(deps: Deps, password: string): Promise<string> {
  return hashPassword(password, deps.config.scrypt ?? DEFAULT_SCRYPT);
}

/** The user's normalized email, or a 400 naming `email`. */
export function checkEmail(input: string): string {
  const email = normalizeEmail(input);
  if (!email) throw ValidationError.field("email", `${JSON.stringify(input)} is not a valid email address`);
  return email;
}

/** Runs `write` unless another user has the email; losing a race for the same email also ends in a 409. */
async function withUniqueEmail(deps: Deps, workspaceId: string, email: string, self: string | undefined, write: () => Promise<void>): Promise<void> {
  const taken = () => new ConflictError(`a user with email ${email} already exists in this workspace`, "email");
  const other = await selectUserByEmail(deps.db, workspaceId, email);
  if (other && other.id !== self) throw taken();
  try {
    await write();
  } catch (err) {
    const winner = await selectUserByEmail(deps.db, workspaceId, email);
    if (winner && winner.id !== self) throw taken();
    throw err;
  }
}
