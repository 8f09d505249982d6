import { z } from "zod";

export const PropertyValue = z.union([z.string(), z.number(), z.boolean()]);
export const Tag = z
  .string()
  .min(1)
  .max(100)
  .refine((t) => t.trim() === t, "tags have no leading or trailing spaces");
export const Channel = z.enum(["email", "sms", "push", "in_app"]);
export const SubscriptionStatus = z.enum(["subscribed", "unsubscribed"]);
export const Subscriptions = z.partialRecord(Channel, SubscriptionStatus);
export const IsoTime = z.string().describe("ISO-8601 UTC time");

export const Contact = z.object({
  id: z.string(),
  email: z.string().nullable(),
  externalId: z.string().nullable().describe("Your own user id (the Segment `userId`)"),
  properties: z.record(z.string(), PropertyValue),
  tags: z.array(z.string()),
  lifecycleStage: z.string().nullable(),
  score: z.number(),
  ownerId: z.string().nullable(),
  timezone: z.string().nullable(),
  subscriptions: Subscriptions,
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type ContactOut = z.infer<typeof Contact>;

const writable = {
  email: z.string().max(254).nullable(),
  externalId: z.string().min(1).max(255).nullable(),
  /** Values are checked against each property's recorded type; `null` unsets. */
  properties: z.record(z.string(), z.unknown()),
  lifecycleStage: z.string().nullable(),
  score: z.number().finite(),
  ownerId: z.string().nullable(),
  timezone: z.string().nullable(),
  subscriptions: Subscriptions,
};

export const ContactCreate = z.strictObject({
  ...writable,
  tags: z.array(Tag).max(100),
}).partial();
export type ContactCreate = z.infer<typeof ContactCreate>;

export const ContactUpdate = z.strictObject(writable).partial();
export type ContactUpdate = z.infer<typeof ContactUpdate>;

/** Which contacts: the filters shared by the list endpoint and the CSV export. */
export const ContactFilterQuery = z.strictObject({
  email: z.string().optional(),
  externalId: z.string().optional(),
  tag: z.string().optional(),
  listId: z.string().optional(),
  segmentId: z.string().optional().describe("Members of this segment now"),
  lifecycleStage: z.string().optional(),
  ownerId: z.string().optional(),
  q: z.string().min(1).max(200).optional().describe("Text contained (case-insensitive) in the email, the external id or the value of any property (a name, a company…)"),
  createdAfter: z.iso.datetime({ offset: true }).optional(),
  createdBefore: z.iso.datetime({ offset: true }).optional(),
});

/** What the contact list can be ordered by; `lifecycleStage` follows the workspace's funnel order, contacts without a stage last. */
export const ContactSort = z.enum(["createdAt", "updatedAt", "email", "score", "lifecycleStage"]);
export type ContactSort = z.infer<typeof ContactSort>;
export const SortDirection = z.enum(["asc", "desc"]);
export type SortDirection = z.infer<typeof SortDirection>;

export const ContactListQuery = ContactFilterQuery.extend({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional().describe("`nextCursor` of the previous page, asked with the same sort and order"),
  sort: ContactSort.default("createdAt"),
  order: SortDirection.default("asc"),
});
export type ContactListQuery = z.infer<typeof ContactListQuery>;
