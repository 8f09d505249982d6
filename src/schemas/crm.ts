import { z } from "zod";
import { Contact, Tag } from "./contact.js";

/** Who becomes the owner: a user by id or by email (as the CRM knows them); null: nobody. */
export const CrmOwner = z.union([z.strictObject({ userId: z.string().min(1) }), z.strictObject({ email: z.string().trim().min(3).max(254) })]);
export type CrmOwner = z.infer<typeof CrmOwner>;

/**
 * What a CRM sends to update one contact: which contact (its email, its external id, or both),
 * and what changed on the CRM's side. Fields left out are left alone.
 */
export const CrmContactSync = z
  .strictObject({
    email: z.string().trim().min(3).max(254).optional().describe("Finds the contact; set on it when found by externalId"),
    externalId: z.string().trim().min(1).max(200).optional().describe("The CRM's (or your product's) id: found first when given"),
    lifecycleStage: z.string().min(1).nullable().optional().describe("A stage id of the workspace's funnel; null clears it"),
    owner: CrmOwner.nullable().optional(),
    properties: z.record(z.string(), z.unknown()).optional().describe("Set (null unsets), checked against each property's recorded type"),
    tags: z.strictObject({ add: z.array(Tag).max(100).optional(), remove: z.array(Tag).max(100).optional() }).optional(),
    createIfMissing: z.boolean().default(true).describe("Create the contact when none matches (default); false answers 404"),
  })
  .refine((b) => b.email !== undefined || b.externalId !== undefined, { message: "give the contact's email or externalId (or both)", path: ["email"] });
export type CrmContactSync = z.infer<typeof CrmContactSync>;

export const CrmSyncHeaders = z.object({
  "idempotency-key": z.string().trim().min(1).max(200).optional().describe("The same key again within the workspace changes nothing and answers replayed: true"),
});

export const CrmContactSynced = z.object({
  contact: Contact,
  created: z.boolean(),
  /** The events the update emitted, as on the timeline (lifecycle.changed, owner.changed, property.changed…). */
  changes: z.array(z.string()),
  /** True when the Idempotency-Key was seen before: nothing was changed this time. */
  replayed: z.boolean(),
});
export type CrmContactSynced = z.infer<typeof CrmContactSynced>;
