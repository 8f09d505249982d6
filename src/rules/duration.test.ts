import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Offset } from "../schemas/duration.js";
import { addDuration, durationText, windowStart } from "./duration.js";

const iso = (ms: number) => new Date(ms).toISOString();
const at = (text: string) => Date.parse(text);

describe("addDuration", () => {
  it.each<[string, string, Offset, string | null, string]>([
    // Paris moves to summer time on 2026-03-29 at 02:00: a day keeps the wall clock, 24 hours do not.
    ["+1 day across spring DST keeps 10:00 local", "2026-03-28T09:00:00Z", { amount: 1, unit: "days" }, "Europe/Paris", "2026-03-29T08:00:00.000Z"],
    ["+24 hours across spring DST is exact", "2026-03-28T09:00:00Z", { amount: 24, unit: "hours" }, "Europe/Paris", "2026-03-29T09:00:00.000Z"],
    ["+1 week across autumn DST keeps 10:00 local", "2026-10-22T08:00:00Z", { amount: 1, unit: "weeks" }, "Europe/Paris", "2026-10-29T09:00:00.000Z"],
    ["-1 day across autumn DST", "2026-10-26T09:00:00Z", { amount: -1, unit: "days" }, "Europe/Paris", "2026-10-25T09:00:00.000Z"],
    ["+1 day into the skipped hour moves forward", "2026-03-28T01:30:00Z", { amount: 1, unit: "days" }, "Europe/Paris", "2026-03-29T01:30:00.000Z"],
    ["+1 day in New York across its DST change", "2026-03-07T15:00:00Z", { amount: 1, unit: "days" }, "America/New_York", "2026-03-08T14:00:00.000Z"],
    ["Jan 31 + 1 month = Feb 28", "2026-01-31T10:00:00Z", { amount: 1, unit: "months" }, null, "2026-02-28T10:00:00.000Z"],
    ["Jan 31 + 1 month = Feb 29 in a leap year", "2028-01-31T10:00:00Z", { amount: 1, unit: "months" }, null, "2028-02-29T10:00:00.000Z"],
    ["Mar 31 - 1 month = Feb 28", "2026-03-31T10:00:00Z", { amount: -1, unit: "months" }, null, "2026-02-28T10:00:00.000Z"],
    ["Dec 15 + 1 month crosses the year", "2026-12-15T10:00:00Z", { amount: 1, unit: "months" }, null, "2027-01-15T10:00:00.000Z"],
    // 2026-01-31 23:30 in Tokyo is Jan 31 local: the month clamps on the local calendar.
    ["months clamp on the local calendar", "2026-01-31T14:30:00Z", { amount: 1, unit: "months" }, "Asia/Tokyo", "2026-02-28T14:30:00.000Z"],
    ["+90 minutes", "2026-03-28T09:00:00Z", { amount: 90, unit: "minutes" }, "Europe/Paris", "2026-03-28T10:30:00.000Z"],
    ["-3 days in UTC", "2026-03-01T00:00:00Z", { amount: -3, unit: "days" }, null, "2026-02-26T00:00:00.000Z"],
    ["an unknown zone counts as UTC", "2026-03-28T09:00:00Z", { amount: 1, unit: "days" }, "Mars/Olympus", "2026-03-29T09:00:00.000Z"],
  ])("%s", (_name, from, d, zone, expected) => {
    expect(iso(addDuration(at(from), d, zone))).toBe(expected);
  });
});

describe("addDuration in UTC", () => {
  it("counts days and weeks as exact multiples, as the zoned calendar does", () => {
    const instant = fc.integer({ min: Date.parse("1990-01-01"), max: Date.parse("2100-01-01") });
    const offset = fc.record({ amount: fc.integer({ min: -100_000, max: 100_000 }), unit: fc.constantFrom("days" as const, "weeks" as const) });
    fc.assert(
      fc.property(instant, offset, (from, d) => {
        expect(addDuration(from, d, null)).toBe(addDuration(from, d, "Etc/UTC"));
        expect(addDuration(from, d, "UTC")).toBe(addDuration(from, d, "Etc/UTC"));
      }),
    );
  });
});

describe("windowStart", () => {
  it("counts calendar units back from now in UTC", () => {
    expect(iso(windowStart(at("2026-03-31T12:00:00Z"), { amount: 1, unit: "months" }))).toBe("2026-02-28T12:00:00.000Z");
    expect(iso(windowStart(at("2026-03-31T12:00:00Z"), { amount: 7, unit: "days" }))).toBe("2026-03-24T12:00:00.000Z");
  });
});

describe("durationText", () => {
  it("names the unit in singular or plural", () => {
    expect(durationText({ amount: 1, unit: "days" })).toBe("1 day");
    expect(durationText({ amount: 7, unit: "days" })).toBe("7 days");
    expect(durationText({ amount: 1, unit: "months" })).toBe("1 month");
  });
});
