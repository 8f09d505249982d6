import { DateTime } from "luxon";
import type { Duration, Offset } from "../schemas/duration.js";

const EXACT_MS = { minutes: 60_000, hours: 3_600_000 } as const;
const UTC_DAY_MS = { days: 86_400_000, weeks: 604_800_000 } as const;

/**
 * Adds a duration (or a negative offset) to an instant, epoch ms. Minutes and hours are exact
 * milliseconds. Days, weeks and months are calendar units on the wall clock of `timezone` (UTC
 * when null or unknown), so "+1 day" keeps the local time across a DST change, and months clamp
 * to the month's end (Jan 31 + 1 month = Feb 28 or 29). A local time skipped by DST moves forward
 * by the gap; a repeated one keeps the UTC offset of the starting instant.
 */
export function addDuration(at: number, d: Duration | Offset, timezone: string | null): number {
  if (d.unit === "minutes" || d.unit === "hours") return at + d.amount * EXACT_MS[d.unit];
  // UTC has no DST, so its calendar days are exact; this is the path of every rule window, where
  // building a zoned date-time would cost more than the rest of the rule.
  if ((timezone === null || timezone === "UTC") && (d.unit === "days" || d.unit === "weeks")) return at + d.amount * UTC_DAY_MS[d.unit];
  const local = DateTime.fromMillis(at, { zone: timezone ?? "UTC" });
  // Zones are checked when a contact's time zone is written; an unknown one here (an old row, a
  // zone dropped from the runtime's tz database) must not stop a workflow, so it counts as UTC.
  const start = local.isValid ? local : DateTime.fromMillis(at, { zone: "UTC" });
  return start.plus({ [d.unit]: d.amount }).toMillis();
}

/**
 * The start of the window "in the last `within`" that ends at `now`, epoch ms. Calendar units are
 * counted in UTC so that the same rule gives the same window in memory and in SQL for every
 * contact.
 */
export function windowStart(now: number, within: Duration): number {
  return addDuration(now, { amount: -within.amount, unit: within.unit }, null);
}

const UNITS: ReadonlySet<unknown> = new Set(["minutes", "hours", "days", "weeks", "months"]);

/** Whether a value is a duration; rules are parsed at the boundary, but filters reach us as any JSON. */
export function isDuration(value: unknown): value is Duration {
  if (typeof value !== "object" || value === null) return false;
  const d = value as Record<string, unknown>;
  return Number.isInteger(d.amount) && UNITS.has(d.unit);
}

/** "1 day", "7 days", "2 months". */
export function durationText(d: Duration): string {
  const unit = d.amount === 1 ? d.unit.slice(0, -1) : d.unit;
  return `${d.amount} ${unit}`;
}
