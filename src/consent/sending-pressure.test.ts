import { describe, expect, it } from "vitest";
import { SendingPolicy } from "../schemas/sending-policy.js";
import { decidePressure, type PressureCheck } from "./sending-pressure.js";

const H = 3_600_000;
const D = 24 * H;
/** 2026-01-05T09:00:00Z, a Monday (10:00 in Paris, winter time). */
const T0 = Date.UTC(2026, 0, 5, 9, 0);
const policy = (p: unknown) => SendingPolicy.parse(p);
const check = (over: Partial<PressureCheck>): PressureCheck => ({ policy: undefined, channel: "email", category: "marketing", sent: [], now: T0, timezone: null, ...over });
const iso = (d: { allowed: boolean; until?: number }) => (d.allowed ? "allowed" : new Date(d.until!).toISOString());

describe("decidePressure", () => {
  it("holds nothing back without a policy, for transactional messages, or for a channel without a cap", () => {
    const capped = policy({ frequencyCap: { email: { perDay: 1 } }, quietHours: { start: "00:00", end: "23:59" } });
    expect(decidePressure(check({ sent: [T0 - H] }))).toEqual({ allowed: true });
    expect(decidePressure(check({ policy: capped, category: "transactional", sent: [T0 - H] }))).toEqual({ allowed: true });
    expect(decidePressure(check({ policy: policy({ frequencyCap: { email: { perDay: 1 } } }), channel: "sms", sent: [T0 - H] }))).toEqual({ allowed: true });
  });

  it("defers a capped message to the instant the counted message that matters leaves the rolling window", () => {
    const day = policy({ frequencyCap: { email: { perDay: 1 } } });
    expect(decidePressure(check({ policy: day, sent: [T0 - 5 * H] }))).toMatchObject({
      allowed: false,
      reason: "frequency_cap",
      until: T0 + 19 * H,
      detail: "1 marketing email in the last 24 hours, at most 1 a day",
    });
    // Exactly 24 hours later it has left the window.
    expect(decidePressure(check({ policy: day, sent: [T0 - D] }))).toEqual({ allowed: true });
    // Three in the window against a cap of 2 (the cap was lowered): two must leave, the second oldest decides.
    const two = policy({ frequencyCap: { email: { perDay: 2 } } });
    expect(iso(decidePressure(check({ policy: two, sent: [T0 - H, T0 - 3 * H, T0 - 2 * H] })))).toBe(new Date(T0 - 2 * H + D).toISOString());
    expect(decidePressure(check({ policy: two, sent: [T0 - H] }))).toEqual({ allowed: true });
  });

  it("applies the longest window that binds: a weekly cap beyond the daily one", () => {
    const both = policy({ frequencyCap: { sms: { perDay: 2, perWeek: 3 } } });
    const sent = [T0 - 6 * D, T0 - 3 * D, T0 - H];
    const d = decidePressure(check({ policy: both, channel: "sms", sent }));
    expect(d).toMatchObject({ allowed: false, reason: "frequency_cap", until: T0 + D, detail: "3 marketing SMS in the last 7 days, at most 3 a week" });
  });

  it("defers a message in quiet hours to their end on the contact's wall clock, across midnight", () => {
    const quiet = policy({ quietHours: { start: "21:00", end: "08:00" } });
    // 22:00 in Paris (21:00Z) → 08:00 Paris the next morning (07:00Z).
    const evening = decidePressure(check({ policy: quiet, timezone: "Europe/Paris", now: Date.UTC(2026, 0, 5, 21, 0) }));
    expect(evening).toMatchObject({ allowed: false, reason: "quiet_hours", until: Date.UTC(2026, 0, 6, 7, 0), zone: "Europe/Paris", detail: "22:00 in Europe/Paris is within quiet hours 21:00–08:00" });
    // 01:30 in Paris → 08:00 the same day.
    expect(iso(decidePressure(check({ policy: quiet, timezone: "Europe/Paris", now: Date.UTC(2026, 0, 6, 0, 30) })))).toBe("2026-01-06T07:00:00.000Z");
    // 08:00 sharp and 20:59 are allowed.
    expect(decidePressure(check({ policy: quiet, timezone: "Europe/Paris", now: Date.UTC(2026, 0, 6, 7, 0) }))).toEqual({ allowed: true });
    expect(decidePressure(check({ policy: quiet, timezone: "Europe/Paris", now: Date.UTC(2026, 0, 6, 19, 59) }))).toEqual({ allowed: true });
    // No zone on the contact (or one the runtime does not know): the policy's default, else UTC.
    expect(iso(decidePressure(check({ policy: quiet, now: Date.UTC(2026, 0, 5, 21, 0) })))).toBe("2026-01-06T08:00:00.000Z");
    const ny = policy({ quietHours: { start: "21:00", end: "08:00" }, defaultTimezone: "America/New_York" });
    expect(iso(decidePressure(check({ policy: ny, timezone: "Mars/Olympus", now: Date.UTC(2026, 0, 6, 3, 0) })))).toBe("2026-01-06T13:00:00.000Z");
  });

  it("reads a window within one day, and a night with a DST change, on the wall clock", () => {
    const lunch = policy({ quietHours: { start: "12:00", end: "14:00" } });
    expect(iso(decidePressure(check({ policy: lunch, timezone: "Europe/Paris", now: Date.UTC(2026, 0, 5, 11, 15) })))).toBe("2026-01-05T13:00:00.000Z");
    expect(decidePressure(check({ policy: lunch, timezone: "Europe/Paris", now: Date.UTC(2026, 0, 5, 10, 59) }))).toEqual({ allowed: true });
    // Paris moves to summer time on 2026-03-29 at 02:00: 08:00 that morning is 06:00Z.
    const quiet = policy({ quietHours: { start: "21:00", end: "08:00" } });
    expect(iso(decidePressure(check({ policy: quiet, timezone: "Europe/Paris", now: Date.UTC(2026, 2, 28, 22, 0) })))).toBe("2026-03-29T06:00:00.000Z");
  });

  it("finds the earliest instant satisfying both the cap and quiet hours", () => {
    const both = policy({ frequencyCap: { email: { perDay: 1 } }, quietHours: { start: "21:00", end: "08:00" } });
    // Sent at 15:00 Paris; the cap lifts at 15:00 the next day, outside quiet hours.
    expect(iso(decidePressure(check({ policy: both, timezone: "Europe/Paris", sent: [Date.UTC(2026, 0, 5, 14, 0)], now: Date.UTC(2026, 0, 5, 16, 0) })))).toBe("2026-01-06T14:00:00.000Z");
    // Sent at 23:30 Paris (a send that ignored the policy); the cap lifts at 23:30 the next day, inside quiet hours: 08:00 the day after.
    const d = decidePressure(check({ policy: both, timezone: "Europe/Paris", sent: [Date.UTC(2026, 0, 5, 22, 30)], now: Date.UTC(2026, 0, 6, 9, 0) }));
    expect(d).toMatchObject({ allowed: false, reason: "frequency_cap", until: Date.UTC(2026, 0, 7, 7, 0) });
    expect(d.allowed ? "" : d.detail).toBe("1 marketing email in the last 24 hours, at most 1 a day; 23:30 in Europe/Paris is within quiet hours 21:00–08:00");
    // In quiet hours with a cap that lifts before they end (at 02:00 Paris): their end.
    const night = decidePressure(check({ policy: both, timezone: "Europe/Paris", sent: [Date.UTC(2026, 0, 4, 1, 0)], now: Date.UTC(2026, 0, 4, 23, 0) }));
    expect(night).toMatchObject({ reason: "frequency_cap", until: Date.UTC(2026, 0, 5, 7, 0) });
    // A cap lifting at 23:00 Paris, in quiet hours: 08:00 the morning after.
    const late = decidePressure(check({ policy: both, timezone: "Europe/Paris", sent: [Date.UTC(2026, 0, 4, 22, 0)], now: Date.UTC(2026, 0, 4, 23, 0) }));
    expect(late).toMatchObject({ reason: "frequency_cap", until: Date.UTC(2026, 0, 6, 7, 0) });
  });
});

describe("SendingPolicy", () => {
  it("names the bad field", () => {
    const paths = (p: unknown) => SendingPolicy.safeParse(p).error?.issues.map((i) => i.path.join("."));
    expect(paths({ quietHours: { start: "9pm", end: "08:00" } })).toEqual(["quietHours.start"]);
    expect(paths({ quietHours: { start: "08:00", end: "08:00" } })).toEqual(["quietHours.end"]);
    expect(paths({ frequencyCap: { email: { perDay: 0 } } })).toEqual(["frequencyCap.email.perDay"]);
    expect(paths({ defaultTimezone: "Europe/Lutece" })).toEqual(["defaultTimezone"]);
    expect(SendingPolicy.parse({})).toEqual({ defaultTimezone: "UTC" });
  });
});
