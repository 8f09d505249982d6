import type { Db } from "./contacts.js";

export interface EmailWebhookSecretRow {
  secret: string;
  created_at: number;
}

export async function selectEmailWebhookSecret(db: Db, workspaceId: string): Promise<EmailWebhookSecretRow | undefined> {
  return db.selectFrom("email_webhook_secrets").select(["secret", "created_at"]).where("workspace_id", "=", workspaceId).executeTakeFirst();
}

/** Stores `secret` unless the workspace has one already (a concurrent first use won); returns the one kept. */
export async function insertEmailWebhookSecretIfAbsent(db: Db, workspaceId: string, secret: string, at: number): Promise<EmailWebhookSecretRow> {
  await db
    .insertInto("email_webhook_secrets")
    .values({ workspace_id: workspaceId, secret, created_at: at })
    .onConflict((oc) => oc.column("workspace_id").doNothing())
    .execute();
  return (await selectEmailWebhookSecret(db, workspaceId))!;
}

/** Replaces the workspace's secret (or sets its first one). */
export async function replaceEmailWebhookSecret(db: Db, workspaceId: string, secret: string, at: number): Promise<void> {
  await db
    .insertInto("email_webhook_secrets")
    .values({ workspace_id: workspaceId, secret, created_at: at })
    .onConflict((oc) => oc.column("workspace_id").doUpdateSet({ secret, created_at: at }))
    .execute();
}
