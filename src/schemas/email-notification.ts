import { z } from "zod";

/** Most notifications one generic webhook call may carry. */
export const MAX_NOTIFICATIONS_PER_CALL = 1000;

const common = {
  id: z.string().min(1).max(200).optional().describe("The notification's own id: a notification delivered again with the same id is recorded once"),
  email: z.string().min(3).max(254).describe("The recipient address"),
  messageId: z.string().min(1).max(500).optional().describe("The message that bounced or was complained about"),
  occurredAt: z.iso.datetime({ offset: true }).optional().describe("When it happened; default when received"),
  detail: z.record(z.string(), z.unknown()).optional().describe("Anything else worth keeping (the SMTP answer…), stored with the event"),
};

/** The generic bounce and complaint format (docs/consent.md), for any provider or relay. */
export const GenericNotification = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("bounce"), bounceType: z.enum(["hard", "soft"]).describe("hard: the address does not work and is suppressed"), ...common }),
  z.strictObject({ type: z.literal("complaint"), ...common }),
]);
export type GenericNotification = z.infer<typeof GenericNotification>;

export const GenericBatch = z.strictObject({ events: z.array(GenericNotification).min(1).max(MAX_NOTIFICATIONS_PER_CALL) });

/** One notification, or a batch of them. */
export const GenericWebhookBody = z.union([GenericNotification, GenericBatch]);

const postmarkCommon = {
  ID: z.union([z.number(), z.string()]).optional(),
  Email: z.string().min(3).max(254),
  BouncedAt: z.iso.datetime({ offset: true }),
  MessageID: z.string().optional(),
  MessageStream: z.string().optional(),
  Tag: z.string().optional(),
  Description: z.string().optional(),
  Details: z.string().optional(),
  Inactive: z.boolean().optional(),
  Metadata: z.record(z.string(), z.unknown()).optional(),
};

/**
 * Postmark's Bounce and Spam Complaint webhooks. Fields Parcours does not read (ServerID,
 * Subject, From, Content…) are accepted and ignored, as Postmark may add more.
 */
export const PostmarkNotification = z.discriminatedUnion("RecordType", [
  z.looseObject({ RecordType: z.literal("Bounce"), Type: z.string().min(1), TypeCode: z.number().optional(), ...postmarkCommon }),
  z.looseObject({ RecordType: z.literal("SpamComplaint"), Type: z.string().optional(), ...postmarkCommon }),
]);
export type PostmarkNotification = z.infer<typeof PostmarkNotification>;

export const EmailWebhookReceipt = z.object({
  received: z.number().int().describe("Notifications in the call"),
  duplicates: z.number().int().describe("Notifications already recorded (same id), skipped"),
  suppressionsAdded: z.number().int(),
  contactsMatched: z.number().int().describe("Notifications whose address is a contact's, recorded on its timeline"),
});
export type EmailWebhookReceiptOut = z.infer<typeof EmailWebhookReceipt>;
