import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { UnauthorizedError } from "../core/index.js";
import type { Deps } from "../deps.js";
import { insertEmailWebhookSecretIfAbsent, replaceEmailWebhookSecret, selectEmailWebhookSecret } from "../store/index.js";

/**
 * The HTTP Basic credentials an email provider sends with its notifications: the workspace id
 * as user name and the workspace's secret as password, created on first use.
 */
export async function emailWebhookCredentials(deps: Deps, workspaceId: string): Promise<{ username: string; password: string; createdAt: number }> {
  const row = (await selectEmailWebhookSecret(deps.db, workspaceId)) ?? (await insertEmailWebhookSecretIfAbsent(deps.db, workspaceId, newSecret(), deps.clock.now()));
  return { username: workspaceId, password: row.secret, createdAt: row.created_at };
}

/** Replaces the secret at once: notifications with the old one are refused from now on. */
export async function rotateEmailWebhookSecret(deps: Deps, workspaceId: string): Promise<{ username: string; password: string; createdAt: number }> {
  const secret = newSecret();
  const at = deps.clock.now();
  await replaceEmailWebhookSecret(deps.db, workspaceId, secret, at);
  return { username: workspaceId, password: secret, createdAt: at };
}

/** The workspace whose credentials these are, or UnauthorizedError. */
export async function authenticateEmailWebhook(deps: Deps, credentials: { username: string; password: string } | undefined): Promise<string> {
  const refused = new UnauthorizedError("send the workspace's email webhook credentials as HTTP Basic auth (GET /api/v1/email-webhook)");
  if (!credentials) throw refused;
  const row = await selectEmailWebhookSecret(deps.db, credentials.username);
  // Digests compare in constant time whatever the lengths.
  if (!row || !timingSafeEqual(digest(row.secret), digest(credentials.password))) throw refused;
  return credentials.username;
}

function newSecret(): string {
  return `pc_ewh_${randomBytes(24).toString("base64url")}`;
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}
