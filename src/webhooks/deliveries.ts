import type { Deps } from "../deps.js";
import { fromJson, insertWebhookDeliveries, selectWebhookDeliveryPage, type WebhookDeliveryRow } from "../store/index.js";
import { WEBHOOK_TEST_EVENT, type WebhookDelivery } from "../schemas/webhook-subscription.js";
import { getWebhookSubscriptionRow } from "./subscriptions.js";

export function deliveryToApi(row: WebhookDeliveryRow): WebhookDelivery {
  const error = fromJson<{ name: string; message: string } | null>(row.last_error);
  const iso = (t: number | null) => (t === null ? null : new Date(Number(t)).toISOString());
  return {
    id: row.id,
    eventType: row.event_type,
    eventId: row.event_id,
    status: row.status,
    attempts: row.attempts,
    responseStatus: row.response_status,
    nextAttemptAt: row.status === "pending" ? iso(row.due_at) : null,
    lastError: error ? { name: error.name, message: error.message } : null,
    createdAt: iso(row.created_at)!,
    deliveredAt: iso(row.delivered_at),
    body: row.body,
  };
}

/** A delivery waiting for its first attempt, due now. */
export function pendingDelivery(id: string, workspaceId: string, subscriptionId: string, event: { id: string | null; type: string }, body: string, now: number): WebhookDeliveryRow {
  return {
    id,
    workspace_id: workspaceId,
    subscription_id: subscriptionId,
    event_id: event.id,
    event_type: event.type,
    body,
    status: "pending",
    attempts: 0,
    due_at: now,
    lease_until: null,
    response_status: null,
    response: null,
    last_error: null,
    created_at: now,
    updated_at: now,
    delivered_at: null,
  };
}

/** A page of the subscription's delivery log, newest first. */
export async function listWebhookDeliveries(deps: Deps, workspaceId: string, subscriptionId: string, page: { beforeId?: string; limit: number }): Promise<WebhookDelivery[]> {
  await getWebhookSubscriptionRow(deps, workspaceId, subscriptionId);
  return (await selectWebhookDeliveryPage(deps.db, subscriptionId, page)).map(deliveryToApi);
}

/**
 * Queues a `webhook.test` event for the subscription (enabled or not), sent and logged like any
 * other, so a receiver's signature check can be tried before real events flow.
 */
export async function sendTestEvent(deps: Deps, workspaceId: string, subscriptionId: string): Promise<WebhookDelivery> {
  await getWebhookSubscriptionRow(deps, workspaceId, subscriptionId);
  const now = deps.clock.now();
  const body = JSON.stringify({ type: WEBHOOK_TEST_EVENT, timestamp: new Date(now).toISOString(), data: { subscriptionId, message: "A test event from Parcours: your endpoint receives and verifies webhooks." } });
  const row = pendingDelivery(deps.ids(), workspaceId, subscriptionId, { id: null, type: WEBHOOK_TEST_EVENT }, body, now);
  await insertWebhookDeliveries(deps.db, [row]);
  return deliveryToApi(row);
}
