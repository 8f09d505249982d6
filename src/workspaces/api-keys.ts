import { createHash, randomBytes } from "node:crypto";
import { ForbiddenError, UnauthorizedError } from "../core/index.js";
import type { Deps } from "../deps.js";
import { insertApiKey, revokeApiKey, selectApiKeyByHash, selectApiKeys, type ApiKeyRow } from "../store/index.js";

export type KeyKind = "write" | "secret";

/** A caller with an API key: the workspace and what the key may do. */
export interface KeyPrincipal {
  workspaceId: string;
  keyId: string;
  kind: KeyKind;
}

const PREFIX: Record<KeyKind, string> = { write: "pc_wk_", secret: "pc_sk_" };

/** Keys are 190 random bits, so a plain SHA-256 is a safe one-way store (no password stretching needed). */
export function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** Creates a key and returns it in clear, the only time it is ever seen. */
export async function createApiKey(deps: Deps, workspaceId: string, kind: KeyKind, name?: string): Promise<{ id: string; key: string }> {
  const key = PREFIX[kind] + randomBytes(24).toString("base64url");
  const id = deps.ids();
  await insertApiKey(deps.db, {
    id,
    workspace_id: workspaceId,
    kind,
    key_hash: hashKey(key),
    prefix: key.slice(0, 10),
    name: name ?? null,
    created_at: deps.clock.now(),
    revoked_at: null,
  });
  return { id, key };
}

/** Resolves a key; unknown and revoked keys are refused alike, `need: "secret"` refuses write keys. */
export async function authenticate(deps: Deps, key: string | undefined, need: KeyKind): Promise<KeyPrincipal> {
  if (!key) throw new UnauthorizedError("missing API key");
  const row = await selectApiKeyByHash(deps.db, hashKey(key));
  if (!row || row.revoked_at !== null) throw new UnauthorizedError("unknown or revoked API key");
  if (need === "secret" && row.kind !== "secret") throw new ForbiddenError("a write key can only send events; this needs a secret key");
  return { workspaceId: row.workspace_id, keyId: row.id, kind: row.kind };
}

export async function listApiKeys(deps: Deps, workspaceId: string): Promise<Omit<ApiKeyRow, "key_hash">[]> {
  return (await selectApiKeys(deps.db, workspaceId)).map(({ key_hash: _hidden, ...rest }) => rest);
}

export async function revokeKey(deps: Deps, workspaceId: string, id: string): Promise<boolean> {
  return revokeApiKey(deps.db, workspaceId, id, deps.clock.now());
}
