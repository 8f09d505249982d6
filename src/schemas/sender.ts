import { z } from "zod";
import { IsoTime } from "./contact.js";

const writable = {
  name: z.string().trim().min(1).max(200).describe("How the team calls it, e.g. Marketing"),
  fromEmail: z.email(),
  fromName: z.string().trim().min(1).max(200).nullable().optional(),
  replyTo: z.email().nullable().optional(),
  isDefault: z.boolean().optional().describe("Emails without a sender use the default one; the first identity is the default"),
};

export const SenderIn = z.strictObject(writable);
export type SenderIn = z.infer<typeof SenderIn>;
export const SenderUpdate = z.strictObject(writable).partial();
export type SenderUpdate = z.infer<typeof SenderUpdate>;

export const SenderOut = z.object({
  id: z.string(),
  name: z.string(),
  fromEmail: z.string(),
  fromName: z.string().nullable(),
  replyTo: z.string().nullable(),
  isDefault: z.boolean(),
  /** The From header it gives: `"Name" <address>`. */
  from: z.string(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type SenderOut = z.infer<typeof SenderOut>;
