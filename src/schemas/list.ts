import { z } from "zod";
import { IsoTime } from "./contact.js";

/** A static list: contacts are added and removed explicitly (segments are computed instead). */
export const List = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  memberCount: z.number().int(),
  createdAt: IsoTime,
});
export type ListOut = z.infer<typeof List>;

const writable = {
  name: z.string().trim().min(1).max(200).describe("Unique in the workspace"),
  description: z.string().max(2000).nullable(),
};

export const ListCreate = z.strictObject({ name: writable.name, description: writable.description.optional() });
export type ListCreate = z.infer<typeof ListCreate>;

export const ListUpdate = z.strictObject(writable).partial();
export type ListUpdate = z.infer<typeof ListUpdate>;

/** Most contact ids one call may add. */
export const MAX_MEMBERS_PER_CALL = 1000;

export const ListMembersAdd = z.strictObject({
  contactIds: z.array(z.string().min(1)).min(1).max(MAX_MEMBERS_PER_CALL),
});
export type ListMembersAdd = z.infer<typeof ListMembersAdd>;

export const ListMembersAdded = z.object({
  added: z.number().int().describe("Contacts that joined; those already in the list are left as they were"),
  memberCount: z.number().int(),
});

/** A list as the contact's memberships and exports show it. */
export const ListRef = z.object({ id: z.string(), name: z.string() });
