import { DateTime, IANAZone } from "luxon";
import type { ChannelCap, QuietHours, SendingPolicy } from "../schemas/sending-policy.js";
import type { ConsentChannel, MessageCategory } from "./consent-decision.js";

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** The rolling windows caps count over, longest last: the sends to read reach this far back (ms). */
export const CAP_WINDOWS = [
  { key: "perDay", ms: 24 * HOUR_MS, label: "24 hours", per: "a day" },
  { key: "perWeek", ms: 7 * 24 * HOUR_MS, label: "7 days", per: "a week" },
] as const satisfies readonly { key: keyof ChannelCap; ms: number; label: string; per: string }[];
export const PRESSURE_LOOKBACK_MS = CAP_WINDOWS[CAP_WINDOWS.length - 1]!.ms;

/** Why the sending policy holds a message back. */
export type Throttle = "frequency_cap" | "quiet_hours";

export interface PressureCheck {
  policy: SendingPolicy | undefined;
  channel: ConsentChannel;
  category: MessageCategory;
  /** When the contact's marketing messages of this channel were queued (epoch ms), at least the last 7 days of them. */
  sent: readonly number[];
  /** epoch ms */
  now: number;
  /** The contact's IANA zone; the policy's default zone when null or unknown to the runtime. */
  timezone: string | null;
}

export type PressureDecision =
  | { allowed: true }
  | {
      allowed: false;
      /** What holds the message back now (the cap when both do). */
      reason: Throttle;
      /** The first instant (epoch ms) at which neither the cap nor quiet hours hold it back. */
      until: number;
      /** In words, each constraint met on the way to `until`, in order. */
      detail: string;
      /** The zone quiet hours were read in, for showing `until` on the contact's wall clock. */
      zone: string;
    };

interface Hit {
  reason: Throttle;
  until: number;
  detail: string;
}

const ALLOWED: PressureDecision = { allowed: true };
/** Each round moves past at least one window or one night: a handful always suffices. */
const MAX_ROUNDS = 16;

/**
 * The sending-pressure rules, pure: may this message go at `now`, and if not, when is the next
 * instant it may? Transactional messages are never held back. A cap of N in a window is met
 * when N counted messages were queued in the rolling window before now; it lifts exactly when
 * enough of them have left the window. Quiet hours (on the contact's wall clock, possibly across
 * midnight) lift at their end. Both together: the earliest instant satisfying both, found by
 * moving forward to whatever holds the message back until nothing does.
 */
export function decidePressure(check: PressureCheck): PressureDecision {
  const { policy } = check;
  if (check.category === "transactional" || !policy) return ALLOWED;
  const cap = policy.frequencyCap?.[check.channel];
  const zone = usableZone(check.timezone, policy.defaultTimezone);
  if (!cap && !policy.quietHours) return ALLOWED;
  const hits: Hit[] = [];
  let held: Hit[] | undefined;
  let at = check.now;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const holding = [...(cap ? capHits(cap, check.channel, check.sent, at) : []), ...(policy.quietHours ? quietHit(policy.quietHours, zone, at) : [])];
    if (!holding.length) break;
    held ??= holding;
    for (const hit of holding) if (!hits.some((h) => h.detail === hit.detail)) hits.push(hit);
    at = Math.max(...holding.map((h) => h.until));
  }
  if (!held) return ALLOWED;
  const reason = held.some((h) => h.reason === "frequency_cap") ? "frequency_cap" : "quiet_hours";
  return { allowed: false, reason, until: at, detail: hits.map((h) => h.detail).join("; "), zone };
}

/** Each window whose cap is met at `at`, with the instant enough counted messages have left it. */
function capHits(cap: ChannelCap, channel: ConsentChannel, sent: readonly number[], at: number): Hit[] {
  return CAP_WINDOWS.flatMap((w) => {
    const limit = cap[w.key];
    if (limit === undefined) return [];
    // A message counts while it was queued less than the window ago.
    const inWindow = sent.filter((s) => s > at - w.ms && s <= at).sort((a, b) => a - b);
    if (inWindow.length < limit) return [];
    // Once the oldest (count - limit + 1) have left, fewer than `limit` remain.
    const until = inWindow[inWindow.length - limit]! + w.ms;
    return [{ reason: "frequency_cap" as const, until, detail: `${inWindow.length} marketing ${channel === "email" ? (inWindow.length === 1 ? "email" : "emails") : "SMS"} in the last ${w.label}, at most ${limit} ${w.per}` }];
  });
}

/** Quiet hours at `at` in `zone`: their end on the contact's wall clock. */
function quietHit(quiet: QuietHours, zone: string, at: number): Hit[] {
  const start = minutes(quiet.start);
  const end = minutes(quiet.end);
  const local = DateTime.fromMillis(at, { zone });
  const m = local.hour * 60 + local.minute;
  const quietNow = start < end ? m >= start && m < end : m >= start || m < end;
  if (!quietNow) return [];
  const day = local.startOf("day").plus({ days: start > end && m >= start ? 1 : 0 });
  let until = day.set({ hour: Math.floor(end / 60), minute: end % 60 }).toMillis();
  // A wall-clock time repeated by a DST change may resolve before `at`: count the minutes instead.
  if (until <= at) until = at + (((end - m + 1440) % 1440) * MINUTE_MS - local.second * 1000 - local.millisecond);
  return [{ reason: "quiet_hours", until, detail: `${local.toFormat("HH:mm")} in ${zone} is within quiet hours ${quiet.start}–${quiet.end}` }];
}

function minutes(time: string): number {
  const [h, m] = time.split(":").map(Number) as [number, number];
  return h * 60 + m;
}

/** The contact's zone if the runtime knows it, else the policy's default (itself checked when written), else UTC. */
function usableZone(contactZone: string | null, fallback: string): string {
  if (contactZone && IANAZone.isValidZone(contactZone)) return contactZone;
  return IANAZone.isValidZone(fallback) ? fallback : "UTC";
}
