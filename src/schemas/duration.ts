import { z } from "zod";

export const DurationUnit = z.enum(["minutes", "hours", "days", "weeks", "months"]);

/** An amount of calendar time: months are calendar months, days are days in the contact's zone. */
export const Duration = z.strictObject({
  amount: z.number().int().min(1).max(100_000),
  unit: DurationUnit,
});
export type Duration = z.infer<typeof Duration>;

/** A duration before (negative) or after (positive) a moment: "3 days before trial_end". */
export const Offset = z.strictObject({
  amount: z.number().int().min(-100_000).max(100_000),
  unit: DurationUnit,
});
export type Offset = z.infer<typeof Offset>;

/** A wall-clock time, `HH:MM` in 24-hour form. */
export const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time of day is HH:MM, 00:00 to 23:59");

export const Weekday = z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
export type Weekday = z.infer<typeof Weekday>;
