import type { Db } from "./contacts.js";

export interface WebhookSecretRow {
  secret: string;
  created_at: number;
}

export async function selectWebhookSecret(db: Db, workspaceId: string): Promise<WebhookSecretRow | undefined> {
  return db.selectFrom("webhook_secrets").select(["secret", "created_at"]).where("workspace_id", "=", workspaceId).executeTakeFirst();
}

/** Stores `secret` unless the workspace has one already (a concurrent first use won); returns the one kept. */
export async function insertWebhookSecretIfAbsent(db: Db, workspaceId: string, secret: string, at: number): Promise<WebhookSecretRow> {
  await db
    .insertInto("webhook_secrets")
    .values({ workspace_id: workspaceId, secret, created_at: at })
    .onConflict((oc) => oc.column("workspace_id").doNothing())
    .execute();
  return (await selectWebhookSecret(db, workspaceId))!;
}

/** Replaces the workspace's secret (or sets its first one). */
export async function replaceWebhookSecret(db: Db, workspaceId: string, secret: string, at: number): Promise<void> {
  await db
    .insertInto("webhook_secrets")
    .values({ workspace_id: workspaceId, secret, created_at: at })
    .onConflict((oc) => oc.column("workspace_id").doUpdateSet({ secret, created_at: at }))
    .execute();
}
