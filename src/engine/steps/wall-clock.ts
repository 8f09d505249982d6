import { DateTime, IANAZone } from "luxon";
import { addDuration } from "../../rules/index.js";
import type { Offset, Weekday } from "../../schemas/duration.js";

const DAY_MS = 86_400_000;
const WEEKDAYS: Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/**
 * The zone to read wall-clock times in. Zones are checked when written; one the runtime no longer
 * knows (an old row) must not stop a workflow, so it counts as UTC, as in `addDuration`.
 */
export function usableZone(zone: string | null | undefined): string {
  return zone && IANAZone.isValidZone(zone) ? zone : "UTC";
}

/** "2026-01-07T10:00 Europe/Paris": an instant as the wall clock of `zone` shows it. */
export function wallClockText(at: number, zone: string): string {
  return `${DateTime.fromMillis(at, { zone }).toFormat("yyyy-MM-dd'T'HH:mm")} ${zone}`;
}

/**
 * The first `time` (HH:MM) strictly after `now` on one of `weekdays` (all when absent), in
 * `zone`. A time skipped by a DST change moves forward by the gap.
 */
export function nextTimeOfDay(now: number, time: string, weekdays: Weekday[] | undefined, zone: string): number {
  const [hour, minute] = time.split(":").map(Number) as [number, number];
  const today = DateTime.fromMillis(now, { zone }).startOf("day");
  // Eight days: today may be the only allowed weekday with its time already past.
  for (let i = 0; i <= 7; i++) {
    const day = today.plus({ days: i });
    if (weekdays && !weekdays.includes(WEEKDAYS[day.weekday - 1]!)) continue;
    const at = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour, minute }, { zone }).toMillis();
    if (at > now) return at;
  }
  throw new Error(`no ${time} on ${weekdays?.join(", ")} within a week`);
}

/**
 * When a date property falls due: its value moved by `offset`, at `time` of that day in `zone`
 * when given. A value at exactly midnight UTC is a date written without a time (the store keeps
 * dates as UTC instants), so its day is its UTC calendar day, not the evening before in a zone
 * west of Greenwich; any other value's day is the one the contact's wall clock shows.
 */
export function dateDue(value: number, offset: Offset | undefined, time: string | undefined, zone: string): number {
  const dayZone = value % DAY_MS === 0 ? "UTC" : zone;
  const moved = offset ? addDuration(value, offset, dayZone) : value;
  if (time === undefined) return moved;
  const [hour, minute] = time.split(":").map(Number) as [number, number];
  const day = DateTime.fromMillis(moved, { zone: dayZone });
  return DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour, minute }, { zone }).toMillis();
}
