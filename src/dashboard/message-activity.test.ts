import { describe, expect, it } from "vitest";
import { localDays } from "./message-activity.js";

const HOUR = 3_600_000;

describe("the days of the message report", () => {
  it("ends with today, oldest first, each from its midnight to the next", () => {
    const days = localDays(Date.parse("2026-01-05T09:00:00Z"), 3, "UTC");
    expect(days.map((d) => d.date)).toEqual(["2026-01-03", "2026-01-04", "2026-01-05"]);
    expect(days[2]).toEqual({ date: "2026-01-05", start: Date.parse("2026-01-05T00:00:00Z"), end: Date.parse("2026-01-06T00:00:00Z") });
  });

  it("follows the time zone's midnights, across a daylight-saving change", () => {
    // Paris moves to summer time on 29 March 2026: that day lasts 23 hours.
    const days = localDays(Date.parse("2026-03-30T12:00:00Z"), 3, "Europe/Paris");
    expect(days.map((d) => [d.date, (d.end - d.start) / HOUR])).toEqual([["2026-03-28", 24], ["2026-03-29", 23], ["2026-03-30", 24]]);
    expect(days[0]!.start).toBe(Date.parse("2026-03-27T23:00:00Z"));
    expect(days[2]!.start).toBe(Date.parse("2026-03-29T22:00:00Z"));
  });

  it("takes the local date, not the UTC one, near midnight", () => {
    const [today] = localDays(Date.parse("2026-01-05T23:30:00Z"), 1, "Asia/Tokyo");
    expect(today!.date).toBe("2026-01-06");
  });
});
