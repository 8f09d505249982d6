import { z } from "zod";
import { ValidationError } from "../../core/index.js";
import {
  WebhookDelivery,
  WebhookSubscription,
  WebhookSubscriptionCreate,
  WebhookSubscriptionUpdate,
  WebhookSubscriptionWithSecret,
} from "../../schemas/webhook-subscription.js";
import {
  createWebhookSubscription,
  deleteWebhookSubscription,
  listWebhookDeliveries,
  listWebhookSubscriptions,
  readWebhookSubscription,
  rotateWebhookSecret,
  sendTestEvent,
  updateWebhookSubscription,
} from "../../webhooks/index.js";
import type { App, RouteContext } from "../app.js";
import { decodeCursor, idPage, pageOf, PageQuery, toPage } from "../pagination.js";

const tags = ["webhook subscriptions"];
const security = [{ secretKey: [] }];
const IdParams = z.object({ id: z.string() });
const Query = PageQuery.strict();

/** Outbound webhook subscriptions: contact events POSTed to a URL, signed per Standard Webhooks (docs/crm.md). */
export function webhookSubscriptionRoutes(app: App, { deps }: RouteContext): void {
  app.post(
    "/webhook-subscriptions",
    {
      schema: {
        tags,
        security,
        summary: "Subscribe a URL to contact events; the answer holds the signing secret, shown only this once",
        body: WebhookSubscriptionCreate,
        response: { 201: WebhookSubscriptionWithSecret },
      },
    },
    async (req, reply) => reply.status(201).send(await createWebhookSubscription(deps, req.principal.workspaceId, req.body)),
  );

  app.get(
    "/webhook-subscriptions",
    { schema: { tags, security, summary: "List webhook subscriptions in creation order", querystring: Query, response: { 200: pageOf(WebhookSubscription) } } },
    async (req) => {
      const rows = await listWebhookSubscriptions(deps, req.principal.workspaceId, idPage(req.query));
      return toPage(rows, req.query.limit, (last) => [last.id]);
    },
  );

  app.get(
    "/webhook-subscriptions/:id",
    { schema: { tags, security, summary: "Read a webhook subscription (without its secret)", params: IdParams, response: { 200: WebhookSubscription } } },
    async (req) => readWebhookSubscription(deps, req.principal.workspaceId, req.params.id),
  );

  app.patch(
    "/webhook-subscriptions/:id",
    { schema: { tags, security, summary: "Change the URL, event types, description, or enable/disable", params: IdParams, body: WebhookSubscriptionUpdate, response: { 200: WebhookSubscription } } },
    async (req) => updateWebhookSubscription(deps, req.principal.workspaceId, req.params.id, req.body),
  );

  app.delete(
    "/webhook-subscriptions/:id",
    { schema: { tags, security, summary: "Delete a subscription and its delivery log", params: IdParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await deleteWebhookSubscription(deps, req.principal.workspaceId, req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/webhook-subscriptions/:id/rotate-secret",
    { schema: { tags, security, summary: "Replace the signing secret; the new one is shown only this once", params: IdParams, response: { 200: WebhookSubscriptionWithSecret } } },
    async (req) => rotateWebhookSecret(deps, req.principal.workspaceId, req.params.id),
  );

  app.post(
    "/webhook-subscriptions/:id/test",
    { schema: { tags, security, summary: "Queue a webhook.test event for the subscription; its outcome appears in the delivery log", params: IdParams, response: { 202: WebhookDelivery } } },
    async (req, reply) => reply.status(202).send(await sendTestEvent(deps, req.principal.workspaceId, req.params.id)),
  );

  app.get(
    "/webhook-subscriptions/:id/deliveries",
    {
      schema: {
        tags,
        security,
        summary: "The subscription's deliveries, newest first: status, attempts, response code, next retry",
        params: IdParams,
        querystring: Query,
        response: { 200: pageOf(WebhookDelivery) },
      },
    },
    async (req) => {
      const before = decodeCursor(req.query.cursor, 1)?.[0];
      if (before !== undefined && typeof before !== "string") throw ValidationError.field("query.cursor", "is not a cursor this API returned");
      const rows = await listWebhookDeliveries(deps, req.principal.workspaceId, req.params.id, { limit: req.query.limit + 1, ...(before === undefined ? {} : { beforeId: before }) });
      return toPage(rows, req.query.limit, (last) => [last.id]);
    },
  );
}
