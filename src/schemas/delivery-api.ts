import { z } from "zod";
import { IsoTime } from "./contact.js";

// The HTTP shapes of deliveries: the local mailbox and the webhook signing secret.

/** An email the local mailbox kept instead of sending it (no SMTP_URL configured). */
export const MailboxMessage = z.object({
  id: z.string(),
  from: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  headers: z.record(z.string(), z.string()),
  /** The outbox delivery it came from: one message per key. */
  outboxKey: z.string(),
  createdAt: IsoTime,
});
export type MailboxMessageOut = z.infer<typeof MailboxMessage>;

export const MailboxSummary = MailboxMessage.omit({ text: true, html: true, headers: true });

export const WebhookSecret = z.object({
  /** `whsec_` and a base64 key: configure it in the receiver to verify `webhook-signature`. */
  secret: z.string(),
  createdAt: IsoTime,
});
