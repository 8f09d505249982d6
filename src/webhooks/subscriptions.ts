import { createWebhookSecret } from "../channels/index.js";
import { NotFoundError } from "../core/index.js";
import type { Deps } from "../deps.js";
import {
  deleteWebhookSubscription as deleteRow,
  fromJson,
  insertWebhookSubscription,
  selectWebhookSubscription,
  selectWebhookSubscriptionPage,
  toJson,
  updateWebhookSubscription as updateRow,
  type WebhookSubscriptionRow,
} from "../store/index.js";
import type {
  WebhookSubscription,
  WebhookSubscriptionCreate,
  WebhookSubscriptionUpdate,
  WebhookSubscriptionWithSecret,
} from "../schemas/webhook-subscription.js";

export function subscriptionToApi(row: WebhookSubscriptionRow): WebhookSubscription {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: fromJson<string[]>(row.event_types),
    enabled: row.disabled_at === null,
    createdAt: new Date(Number(row.created_at)).toISOString(),
    updatedAt: new Date(Number(row.updated_at)).toISOString(),
  };
}

/** Creates a subscription with a new signing secret, returned this once. */
export async function createWebhookSubscription(deps: Deps, workspaceId: string, input: WebhookSubscriptionCreate): Promise<WebhookSubscriptionWithSecret> {
  const now = deps.clock.now();
  const row: WebhookSubscriptionRow = {
    id: deps.ids(),
    workspace_id: workspaceId,
    url: input.url,
    description: input.description ?? null,
    event_types: toJson(input.eventTypes),
    disabled_at: input.enabled ? null : now,
    secret: createWebhookSecret(),
    created_at: now,
    updated_at: now,
  };
  await insertWebhookSubscription(deps.db, row);
  return { ...subscriptionToApi(row), secret: row.secret };
}

export async function getWebhookSubscriptionRow(deps: Deps, workspaceId: string, id: string): Promise<WebhookSubscriptionRow> {
  const row = await selectWebhookSubscription(deps.db, workspaceId, id);
  if (!row) throw new NotFoundError(`no webhook subscription ${JSON.stringify(id)}`);
  return row;
}

export async function readWebhookSubscription(deps: Deps, workspaceId: string, id: string): Promise<WebhookSubscription> {
  return subscriptionToApi(await getWebhookSubscriptionRow(deps, workspaceId, id));
}

export async function listWebhookSubscriptions(deps: Deps, workspaceId: string, page: { afterId?: string; limit: number }): Promise<WebhookSubscription[]> {
  return (await selectWebhookSubscriptionPage(deps.db, workspaceId, page)).map(subscriptionToApi);
}

export async function updateWebhookSubscription(deps: Deps, workspaceId: string, id: string, input: WebhookSubscriptionUpdate): Promise<WebhookSubscription> {
  const current = await getWebhookSubscriptionRow(deps, workspaceId, id);
  const now = deps.clock.now();
  await updateRow(deps.db, workspaceId, id, {
    updated_at: now,
    ...(input.url !== undefined ? { url: input.url } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.eventTypes !== undefined ? { event_types: toJson(input.eventTypes) } : {}),
    // Disabling again keeps the first instant it was disabled.
    ...(input.enabled !== undefined ? { disabled_at: input.enabled ? null : (current.disabled_at ?? now) } : {}),
  });
  return readWebhookSubscription(deps, workspaceId, id);
}

/** Replaces the signing secret: pending deliveries are signed with the new one at their next attempt. */
export async function rotateWebhookSecret(deps: Deps, workspaceId: string, id: string): Promise<WebhookSubscriptionWithSecret> {
  await getWebhookSubscriptionRow(deps, workspaceId, id);
  const secret = createWebhookSecret();
  await updateRow(deps.db, workspaceId, id, { secret, updated_at: deps.clock.now() });
  return { ...(await readWebhookSubscription(deps, workspaceId, id)), secret };
}

/** Deletes the subscription with its delivery log; pending deliveries are never sent. */
export async function deleteWebhookSubscription(deps: Deps, workspaceId: string, id: string): Promise<void> {
  const deleted = await deps.db.transaction().execute((trx) => deleteRow(trx, workspaceId, id));
  if (!deleted) throw new NotFoundError(`no webhook subscription ${JSON.stringify(id)}`);
}
