import { z } from "zod";
import { IsoTime } from "./contact.js";

export const InAppMessageOut = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  url: z.string().nullable(),
  templateId: z.string().nullable(),
  createdAt: IsoTime,
  readAt: IsoTime.nullable(),
});
export type InAppMessageOut = z.infer<typeof InAppMessageOut>;

export const InAppPage = z.strictObject({
  unread: z.enum(["true", "false"]).default("false").describe("true: only the unread ones"),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** Whose messages: the product knows its user by the id it gave Parcours (Segment's userId), or an anonymous id. */
export const InAppQuery = InAppPage.extend({ userId: z.string().min(1).optional(), anonymousId: z.string().min(1).optional() })
  .refine((q) => (q.userId === undefined) !== (q.anonymousId === undefined), { path: ["userId"], message: "give userId or anonymousId" });
export type InAppQuery = z.infer<typeof InAppQuery>;
