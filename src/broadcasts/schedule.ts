import { DateTime, IANAZone } from "luxon";
import { addDuration } from "../rules/index.js";
import type { BroadcastSchedule } from "../schemas/broadcast.js";
import type { Duration } from "../schemas/duration.js";

/** The zone whose clocks are furthest ahead (Kiribati's Line Islands): a local time arrives there first. */
const EARLIEST_ZONE = "UTC+14";

/** `date` `time` on the wall clock of `zone`, epoch ms. A time skipped by a DST change moves forward by the gap. */
export function localInstant(date: string, time: string, zone: string): number {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const [hour, minute] = time.split(":").map(Number) as [number, number];
  return DateTime.fromObject({ year, month, day, hour, minute }, { zone }).toMillis();
}

/**
 * When sending starts: now without a schedule, the instant for `at`, and for a local time the
 * moment it is that time somewhere (the earliest zone), so that each contact's turn can come.
 */
export function startInstant(schedule: BroadcastSchedule | undefined, now: number): number {
  if (!schedule) return now;
  if ("at" in schedule) return Math.max(now, Date.parse(schedule.at));
  return Math.max(now, localInstant(schedule.localTime.date, schedule.localTime.time, EARLIEST_ZONE));
}

/** A zone to read wall-clock times in: a known IANA zone, else undefined. */
export function knownZone(zone: string | null | undefined): string | undefined {
  return zone && IANAZone.isValidZone(zone) ? zone : undefined;
}

/**
 * For a local-time schedule: the instant for each contact zone given (unknown zones are left out:
 * their contacts get `fallback`), and for contacts without a usable zone, the fallback zone's.
 */
export function localDueTimes(local: { date: string; time: string }, zones: (string | null)[], fallbackZone: string): { byZone: [string, number][]; fallback: number } {
  const byZone: [string, number][] = [];
  for (const zone of new Set(zones)) {
    const known = knownZone(zone);
    if (known) byZone.push([zone!, localInstant(local.date, local.time, known)]);
  }
  return { byZone, fallback: localInstant(local.date, local.time, knownZone(fallbackZone) ?? "UTC") };
}

/** `duration` after `from` (calendar days in UTC), as a span in ms. */
export function durationMs(from: number, duration: Duration): number {
  return addDuration(from, duration, "UTC") - from;
}

/**
 * The A/B sample size after a chunk: taking `round(total × percent)` over the audience so far
 * keeps the whole sample exact however the audience is cut into chunks.
 */
export function sampleTaken(total: number, percent: number): number {
  return Math.round((total * percent) / 100);
}

/** The variant with the most engaged contacts; a tie goes to the first in the test's order. */
export function pickWinner(variants: string[], engaged: ReadonlyMap<string, number>): string {
  let best = variants[0]!;
  for (const v of variants) if ((engaged.get(v) ?? 0) > (engaged.get(best) ?? 0)) best = v;
  return best;
}
