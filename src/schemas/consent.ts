import { z } from "zod";
import { IsoTime } from "./contact.js";

export const TopicStatus = z.enum(["subscribed", "unsubscribed"]);
export type TopicStatus = z.infer<typeof TopicStatus>;

/** What a marketing message is about (newsletter, product updates…): contacts choose per topic. */
export const Topic = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  defaultStatus: TopicStatus.describe("A contact's status until it chooses: `subscribed` makes an opt-out topic, `unsubscribed` an opt-in one"),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type TopicOut = z.infer<typeof Topic>;

const writable = {
  name: z.string().trim().min(1).max(200).describe("Unique in the workspace; shown on the preference page"),
  description: z.string().max(2000).nullable(),
  defaultStatus: TopicStatus,
};

export const TopicCreate = z.strictObject({
  name: writable.name,
  description: writable.description.optional(),
  defaultStatus: writable.defaultStatus.default("unsubscribed").describe("Default `unsubscribed`: contacts opt in"),
});
export type TopicCreate = z.infer<typeof TopicCreate>;

export const TopicUpdate = z.strictObject(writable).partial();
export type TopicUpdate = z.infer<typeof TopicUpdate>;

/** A contact's status for one topic, chosen or by default. */
export const ContactTopic = z.object({
  topicId: z.string(),
  name: z.string(),
  status: TopicStatus,
  byDefault: z.boolean().describe("True while the contact has made no choice and the topic's default applies"),
  changedAt: IsoTime.nullable(),
  source: z.string().nullable().describe("Where the choice was made: api | preference_page | one_click | form"),
});

export const ContactTopics = z.object({ data: z.array(ContactTopic) });
export type ContactTopicsOut = z.infer<typeof ContactTopics>;

export const ContactTopicsPut = z.strictObject({
  topics: z
    .record(z.string(), TopicStatus)
    .refine((t) => Object.keys(t).length > 0 && Object.keys(t).length <= 200, "name between 1 and 200 topics")
    .describe("Topic id to status; topics not named keep their status"),
});
export type ContactTopicsPut = z.infer<typeof ContactTopicsPut>;

export const SuppressionReason = z.enum(["hard_bounce", "complaint", "unsubscribe", "manual"]);
export type SuppressionReason = z.infer<typeof SuppressionReason>;

export const Suppression = z.object({
  id: z.string(),
  email: z.string(),
  reason: SuppressionReason.describe("hard_bounce, complaint and manual stop every email; unsubscribe stops marketing email"),
  detail: z.record(z.string(), z.unknown()).nullable(),
  source: z.string().describe("api, or the webhook format that reported it (generic, postmark)"),
  createdAt: IsoTime,
});
export type SuppressionOut = z.infer<typeof Suppression>;

export const SuppressionCreate = z.strictObject({
  email: z.string().min(3).max(254),
  reason: SuppressionReason.default("manual"),
  detail: z.record(z.string(), z.unknown()).optional(),
});
export type SuppressionCreate = z.infer<typeof SuppressionCreate>;

export const SuppressionQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
  email: z.string().max(254).optional(),
  reason: SuppressionReason.optional(),
});

export const SuppressionDeleteQuery = z.strictObject({
  reason: SuppressionReason.optional().describe("Lift only this reason; without it every suppression of the address is lifted"),
});

/** How an email provider authenticates its notifications: HTTP Basic with these as user and password. */
export const EmailWebhookCredentials = z.object({
  username: z.string().describe("The workspace id"),
  password: z.string(),
  createdAt: IsoTime,
  urls: z.object({ generic: z.string(), postmark: z.string() }).describe("The webhook URLs with the credentials in them, to paste into a provider's settings"),
});
export type EmailWebhookCredentialsOut = z.infer<typeof EmailWebhookCredentials>;
