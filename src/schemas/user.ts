import { z } from "zod";
import { IsoTime } from "./contact.js";

export const UserRole = z.enum(["admin", "marketer", "readonly"]);
export type UserRole = z.infer<typeof UserRole>;

/** A person of the workspace: can own contacts (a sales rep) and, later, sign in. */
export const User = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: UserRole,
  createdAt: IsoTime,
});
export type UserOut = z.infer<typeof User>;

export const UserCreate = z.strictObject({
  email: z.string().max(254).describe("Unique in the workspace, case-insensitive"),
  name: z.string().min(1).max(200).nullable().optional(),
  role: UserRole.default("marketer"),
});
export type UserCreate = z.infer<typeof UserCreate>;

export const UserUpdate = z
  .strictObject({
    email: z.string().max(254),
    name: z.string().min(1).max(200).nullable(),
    role: UserRole,
  })
  .partial();
export type UserUpdate = z.infer<typeof UserUpdate>;
