import { z } from "zod";
import { ResponseMapping } from "./workflow/action.js";

/**
 * What a delivery sends, rendered when the step ran (merge fields filled in), so every attempt
 * sends the same bytes. Stored in `outbox.payload`.
 */
export const WebhookPayload = z.object({
  version: z.literal(1),
  kind: z.literal("webhook"),
  url: z.string(),
  headers: z.record(z.string(), z.string()),
  /** The JSON body exactly as sent and signed. */
  body: z.string(),
  responseMapping: z.array(ResponseMapping),
});
export type WebhookPayload = z.infer<typeof WebhookPayload>;

export const EmailPayload = z.object({
  version: z.literal(1),
  kind: z.literal("email"),
  /** Who it is for: a workspace user (a notification) or a contact, and their address when the step ran. */
  userId: z.string().optional(),
  contactId: z.string().optional(),
  to: z.string(),
  /** The sender identity's address; the install's MAIL_FROM when absent. */
  from: z.string().optional(),
  replyTo: z.string().optional(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  /** Extra headers, e.g. List-Unsubscribe. */
  headers: z.record(z.string(), z.string()).optional(),
  /** The template version it was rendered from. */
  template: z.object({ id: z.string(), version: z.number().int() }).optional(),
  category: z.enum(["marketing", "transactional"]).optional(),
});
export type EmailPayload = z.infer<typeof EmailPayload>;

export const SmsPayload = z.object({
  version: z.literal(1),
  kind: z.literal("sms"),
  contactId: z.string(),
  /** The phone number when the step ran (E.164). */
  to: z.string(),
  body: z.string(),
  template: z.object({ id: z.string(), version: z.number().int() }),
  /** Marketing SMS count toward the workspace's frequency cap; absent on SMS queued before it existed. */
  category: z.enum(["marketing", "transactional"]).optional(),
});
export type SmsPayload = z.infer<typeof SmsPayload>;

export const SlackPayload = z.object({
  version: z.literal(1),
  kind: z.literal("slack"),
  /** The incoming-webhook URL. */
  url: z.string(),
  text: z.string(),
});
export type SlackPayload = z.infer<typeof SlackPayload>;

export const DeliveryPayload = z.discriminatedUnion("kind", [WebhookPayload, EmailPayload, SmsPayload, SlackPayload]);
export type DeliveryPayload = z.infer<typeof DeliveryPayload>;
export type DeliveryKind = DeliveryPayload["kind"];

/** Why an attempt failed: kept on the outbox row, and on the run when the delivery gives up. */
export const DeliveryError = z.object({
  name: z.string(),
  message: z.string(),
  /** The HTTP status the receiver answered, when it answered. */
  status: z.number().int().optional(),
  attempts: z.number().int(),
  at: z.number(),
  /** When the next attempt is due (epoch ms); absent once the delivery gave up. */
  retryAt: z.number().optional(),
});
export type DeliveryError = z.infer<typeof DeliveryError>;

/** What the successful attempt got back. */
export const DeliveryResponse = z.object({
  status: z.number().int().optional(),
  durationMs: z.number(),
  /** Where it went: `smtp`, `mailbox`, or the webhook's host. */
  via: z.string(),
  /** The first characters of the response body, for the run's history. */
  excerpt: z.string().optional(),
});
export type DeliveryResponse = z.infer<typeof DeliveryResponse>;
