import { z } from "zod";
import { IsoTime } from "./contact.js";

/**
 * The contact events a subscription may receive: the internal events of docs/events.md that say
 * what a CRM mirrors (a contact appears, its data, stage, owner or score changes).
 */
export const WEBHOOK_EVENT_TYPES = [
  "contact.created",
  "property.changed",
  "email.changed",
  "external_id.changed",
  "tag.added",
  "tag.removed",
  "lifecycle.changed",
  "owner.changed",
  "score.changed",
  "contact.merged",
] as const;
export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

/** The type of the payload `POST /webhook-subscriptions/:id/test` sends. */
export const WEBHOOK_TEST_EVENT = "webhook.test";

const writable = {
  url: z.url({ protocol: /^https?$/ }).max(2000).describe("Where the events are POSTed"),
  description: z.string().max(500).nullable(),
  eventTypes: z
    .array(WebhookEventType)
    .min(1)
    .refine((types) => new Set(types).size === types.length, "lists an event type twice")
    .describe("The events this subscription receives"),
  enabled: z.boolean().describe("A disabled subscription gets no new deliveries"),
};

export const WebhookSubscriptionCreate = z.strictObject({ ...writable, description: writable.description.optional(), enabled: writable.enabled.default(true) });
export type WebhookSubscriptionCreate = z.infer<typeof WebhookSubscriptionCreate>;

export const WebhookSubscriptionUpdate = z.strictObject(writable).partial();
export type WebhookSubscriptionUpdate = z.infer<typeof WebhookSubscriptionUpdate>;

export const WebhookSubscription = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string().nullable(),
  eventTypes: z.array(z.string()),
  enabled: z.boolean(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type WebhookSubscription = z.infer<typeof WebhookSubscription>;

/** Answered once, when the subscription is created or its secret replaced: the secret is never shown again. */
export const WebhookSubscriptionWithSecret = WebhookSubscription.extend({
  secret: z.string().describe("whsec_…: verifies the webhook-signature header (Standard Webhooks). Shown only now."),
});
export type WebhookSubscriptionWithSecret = z.infer<typeof WebhookSubscriptionWithSecret>;

/** One entry of a subscription's delivery log. */
export const WebhookDelivery = z.object({
  id: z.string().describe("Also the webhook-id header"),
  eventType: z.string(),
  eventId: z.string().nullable().describe("The timeline event delivered; null for a test event"),
  status: z.enum(["pending", "delivered", "failed"]),
  attempts: z.number().int(),
  responseStatus: z.number().int().nullable().describe("The HTTP status of the last answer; null when none came"),
  nextAttemptAt: IsoTime.nullable().describe("When a pending delivery is tried next"),
  lastError: z.object({ name: z.string(), message: z.string() }).nullable(),
  createdAt: IsoTime,
  deliveredAt: IsoTime.nullable(),
  body: z.string().describe("The JSON body, exactly as sent"),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;
