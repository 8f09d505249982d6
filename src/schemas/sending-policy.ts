import { z } from "zod";
import { TimeOfDay } from "./duration.js";
import { TimeZone } from "./time-zone.js";

/** How many marketing messages of one channel a contact may get, over rolling windows. */
export const ChannelCap = z.strictObject({
  /** At most this many in any 24 hours. */
  perDay: z.number().int().min(1).max(1000).optional(),
  /** At most this many in any 7 days (168 hours). */
  perWeek: z.number().int().min(1).max(10_000).optional(),
});
export type ChannelCap = z.infer<typeof ChannelCap>;

/** No marketing message between `start` and `end` (HH:MM) on the contact's wall clock; may cross midnight. */
export const QuietHours = z
  .strictObject({ start: TimeOfDay, end: TimeOfDay })
  .refine((q) => q.start !== q.end, { path: ["end"], message: "quiet hours must end at another time than they start" });
export type QuietHours = z.infer<typeof QuietHours>;

/**
 * Sending pressure, per workspace: how often a contact may get marketing messages, and when not.
 * Transactional messages are never held back. Stored in the workspace settings.
 */
export const SendingPolicy = z.strictObject({
  frequencyCap: z.strictObject({ email: ChannelCap.optional(), sms: ChannelCap.optional() }).optional(),
  quietHours: QuietHours.optional(),
  /** The zone quiet hours are read in for contacts without a time zone of their own; default UTC. */
  defaultTimezone: TimeZone.default("UTC"),
});
export type SendingPolicy = z.infer<typeof SendingPolicy>;

/** What a message step does when the sending policy holds its message back. */
export const WhenThrottled = z.enum(["defer", "skip", "send"]);
export type WhenThrottled = z.infer<typeof WhenThrottled>;
