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

export const ContactListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
  email: z.string().optional(),
  externalId: z.string().optional(),
  tag: z.string().optional(),
  listId: z.string().optional(),
  lifecycleStage: z.string().optional(),
  ownerId: z.string().optional(),
  q: z.string().min(1).max(200).optional().describe("Text contained in the email or external id"),
  createdAfter: z.iso.datetime({ offset: true }).optional(),
  createdBefore: z.iso.datetime({ offset: true }).optional(),
});
export type ContactListQuery = z.infer<typeof ContactListQuery>;
