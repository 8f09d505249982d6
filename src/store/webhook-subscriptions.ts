import { sql } from "kysely";
import type { Db } from "./contacts.js";
import { claimDue } from "./claim.js";
import type { Dialect } from "./dialect.js";
import type { WebhookDeliveryRow, WebhookDeliveryTable, WebhookSubscriptionRow, WebhookSubscriptionTable } from "./schema.js";

export async function insertWebhookSubscription(db: Db, row: WebhookSubscriptionRow): Promise<void> {
  await db.insertInto("webhook_subscriptions").values(row).execute();
}

export async function selectWebhookSubscription(db: Db, workspaceId: string, id: string): Promise<WebhookSubscriptionRow | undefined> {
  return db.selectFrom("webhook_subscriptions").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", id).executeTakeFirst();
}

/** Subscriptions in id (creation) order after `afterId`. */
export async function selectWebhookSubscriptionPage(db: Db, workspaceId: string, page: { afterId?: string; limit: number }): Promise<WebhookSubscriptionRow[]> {
  let q = db.selectFrom("webhook_subscriptions").selectAll().where("workspace_id", "=", workspaceId);
  if (page.afterId !== undefined) q = q.where("id", ">", page.afterId);
  return q.orderBy("id").limit(page.limit).execute();
}

/** The workspace's enabled subscriptions: what a unit of work's events are matched against. */
export async function selectEnabledWebhookSubscriptions(db: Db, workspaceId: string): Promise<Pick<WebhookSubscriptionRow, "id" | "event_types">[]> {
  return db.selectFrom("webhook_subscriptions").select(["id", "event_types"]).where("workspace_id", "=", workspaceId).where("disabled_at", "is", null).execute();
}

/** The secrets and URLs of these subscriptions, by id, for the dispatcher. */
export async function selectWebhookTargets(db: Db, ids: string[]): Promise<Map<string, Pick<WebhookSubscriptionRow, "url" | "secret">>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom("webhook_subscriptions").select(["id", "url", "secret"]).where("id", "in", ids).execute();
  return new Map(rows.map((r) => [r.id, { url: r.url, secret: r.secret }]));
}

export async function updateWebhookSubscription(
  db: Db,
  workspaceId: string,
  id: string,
  set: Partial<Pick<WebhookSubscriptionTable, "url" | "description" | "event_types" | "disabled_at" | "secret" | "updated_at">>,
): Promise<boolean> {
  const r = await db.updateTable("webhook_subscriptions").set(set).where("workspace_id", "=", workspaceId).where("id", "=", id).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Deletes the subscription and its delivery log. */
export async function deleteWebhookSubscription(db: Db, workspaceId: string, id: string): Promise<boolean> {
  await db.deleteFrom("webhook_deliveries").where("workspace_id", "=", workspaceId).where("subscription_id", "=", id).execute();
  const r = await db.deleteFrom("webhook_subscriptions").where("workspace_id", "=", workspaceId).where("id", "=", id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Queues deliveries; a (subscription, event) pair already queued is left as it is. */
export async function insertWebhookDeliveries(db: Db, rows: WebhookDeliveryRow[]): Promise<void> {
  if (!rows.length) return;
  await db
    .insertInto("webhook_deliveries")
    .values(rows)
    .onConflict((oc) => oc.columns(["subscription_id", "event_id"]).doNothing())
    .execute();
}

/** Claims up to `limit` due pending deliveries for `leaseMs` (see claimDue). */
export async function claimDueWebhookDeliveries(db: Db, dialect: Dialect, now: number, limit: number, leaseMs: number): Promise<WebhookDeliveryRow[]> {
  return claimDue(db, dialect, "webhook_deliveries", now, limit, leaseMs);
}

/**
 * Records an attempt's outcome, if `leaseUntil` still holds the delivery; false when another
 * worker took it over meanwhile (its outcome wins).
 */
export async function recordWebhookAttempt(
  db: Db,
  id: string,
  leaseUntil: number,
  set: Pick<WebhookDeliveryTable, "status" | "attempts" | "due_at" | "response_status" | "response" | "last_error" | "updated_at" | "delivered_at">,
): Promise<boolean> {
  const r = await db
    .updateTable("webhook_deliveries")
    .set({ ...set, lease_until: null })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .where("lease_until", "=", leaseUntil)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** When the next pending delivery falls due (epoch ms), or undefined when none is pending. */
export async function selectNextWebhookDeliveryDueAt(db: Db): Promise<number | undefined> {
  const row = await db.selectFrom("webhook_deliveries").select(sql<number>`min(due_at)`.as("next")).where("status", "=", "pending").executeTakeFirst();
  return row?.next === null || row?.next === undefined ? undefined : Number(row.next);
}

/** A subscription's deliveries, newest first, before `beforeId`. */
export async function selectWebhookDeliveryPage(db: Db, subscriptionId: string, page: { beforeId?: string; limit: number }): Promise<WebhookDeliveryRow[]> {
  let q = db.selectFrom("webhook_deliveries").selectAll().where("subscription_id", "=", subscriptionId);
  if (page.beforeId !== undefined) q = q.where("id", "<", page.beforeId);
  return q.orderBy("id", "desc").limit(page.limit).execute();
}

/** Names and emails of these users (contact owners named in a payload), by id. */
export async function selectUserCards(db: Db, workspaceId: string, ids: string[]): Promise<Map<string, { id: string; email: string; name: string | null }>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom("users").select(["id", "email", "name"]).where("workspace_id", "=", workspaceId).where("id", "in", ids).execute();
  return new Map(rows.map((r) => [r.id, r]));
}
