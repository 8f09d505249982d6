import { z } from "zod";
import { IsoTime } from "./contact.js";
import { Password, User } from "./user.js";

/** GET /api/v1/auth/setup: whether the install still waits for its first admin. */
export const SetupStatus = z.object({ needed: z.boolean().describe("True while no user of the install has a password") });
export type SetupStatus = z.infer<typeof SetupStatus>;

export const SetupIn = z.strictObject({
  email: z.string().max(254),
  name: z.string().min(1).max(200).nullable().optional(),
  password: Password,
  workspaceName: z.string().min(1).max(100).optional().describe("The workspace the admin belongs to, created if missing; default `default`"),
});
export type SetupIn = z.infer<typeof SetupIn>;

export const LoginIn = z.strictObject({
  email: z.string().max(254),
  password: z.string().max(1000),
  workspace: z.string().max(100).optional().describe("Only when the same email signs in to several workspaces: the workspace name"),
});
export type LoginIn = z.infer<typeof LoginIn>;

export const PasswordChange = z.strictObject({
  currentPassword: z.string().max(1000),
  newPassword: Password,
});
export type PasswordChange = z.infer<typeof PasswordChange>;

/** The signed-in user, its workspace and its session. */
export const Me = z.object({
  user: User,
  workspace: z.object({ id: z.string(), name: z.string() }),
  session: z.object({ expiresAt: IsoTime.describe("When the session ends if unused (it slides with use, up to 30 days after sign-in)") }),
});
export type Me = z.infer<typeof Me>;

/** What the UI asks first: who is signed in, if anyone, and whether the install waits for its first admin. */
export const SessionStatus = z.object({
  me: Me.nullable().describe("The signed-in user, or null without a live session"),
  setupNeeded: z.boolean().describe("True while no user of the install has a password"),
});
export type SessionStatus = z.infer<typeof SessionStatus>;
