import { z } from "zod";
import { IsoTime } from "./contact.js";

/**
 * What a signed-in user may do: `admin` everything; `marketer` everything but users, API keys,
 * workspace settings and secrets; `read_only` only reads. (API keys are not users: a secret key
 * may do everything.)
 */
export const UserRole = z.enum(["admin", "marketer", "read_only"]);
export type UserRole = z.infer<typeof UserRole>;

/** A new password: 10 to 200 characters (checked by code point on the server). */
export const Password = z.string().max(1000).describe("10 to 200 characters");

/** A person of the workspace: can own contacts (a sales rep) and, with a password, sign in. */
export const User = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: UserRole,
  hasPassword: z.boolean().describe("Whether the user can sign in"),
  createdAt: IsoTime,
});
export type UserOut = z.infer<typeof User>;

export const UserCreate = z.strictObject({
  email: z.string().max(254).describe("Unique in the workspace, case-insensitive"),
  name: z.string().min(1).max(200).nullable().optional(),
  role: UserRole.default("marketer"),
  password: Password.optional().describe("An initial password (10 to 200 characters); without one the user cannot sign in yet"),
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

export const PasswordSet = z.strictObject({ password: Password });
export type PasswordSet = z.infer<typeof PasswordSet>;
