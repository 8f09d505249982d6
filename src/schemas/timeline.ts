import { z } from "zod";
import { Contact, IsoTime } from "./contact.js";
import { ListRef } from "./list.js";
import { User } from "./user.js";

/** One row of a contact's event log: something it did, or a change made to it (`kind: internal`). */
export const TimelineEvent = z.object({
  id: z.string(),
  kind: z.string().describe("track | page | screen | identify | group | alias | internal"),
  name: z.string().nullable().describe("Event name, page name, or internal change such as property.changed"),
  properties: z.record(z.string(), z.unknown()),
  context: z.record(z.string(), z.unknown()).nullable(),
  messageId: z.string().nullable(),
  timestamp: IsoTime.describe("When it happened"),
  receivedAt: IsoTime,
});
export type TimelineEventOut = z.infer<typeof TimelineEvent>;

export const TimelineQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
  kind: z.string().min(1).max(50).optional(),
  name: z.string().min(1).max(200).optional(),
});
export type TimelineQuery = z.infer<typeof TimelineQuery>;

/** Everything stored about one contact (GDPR right of access). */
export const ContactExport = z.object({
  exportedAt: IsoTime,
  contact: Contact,
  owner: User.omit({ hasPassword: true }).nullable(),
  tags: z.array(z.string()),
  lists: z.array(ListRef),
  anonymousIds: z.array(z.string()),
  events: z.array(TimelineEvent).describe("Oldest first"),
});
export type ContactExportOut = z.infer<typeof ContactExport>;
