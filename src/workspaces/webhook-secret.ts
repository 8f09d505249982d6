import { createWebhookSecret } from "../channels/index.js";
import type { Deps } from "../deps.js";
import { insertWebhookSecretIfAbsent, replaceWebhookSecret, selectWebhookSecret } from "../store/index.js";

/** The workspace's webhook signing secret (`whsec_…`), created on first use. */
export async function webhookSecretOf(deps: Deps, workspaceId: string): Promise<{ secret: string; createdAt: number }> {
  const row = (await selectWebhookSecret(deps.db, workspaceId)) ?? (await insertWebhookSecretIfAbsent(deps.db, workspaceId, createWebhookSecret(), deps.clock.now()));
  return { secret: row.secret, createdAt: row.created_at };
}

/** Replaces the secret: webhooks signed from now on verify only with the new one. */
export async function rotateWebhookSecret(deps: Deps, workspaceId: string): Promise<{ secret: string; createdAt: number }> {
  const secret = createWebhookSecret();
  const at = deps.clock.now();
  await replaceWebhookSecret(deps.db, workspaceId, secret, at);
  return { secret, createdAt: at };
}
