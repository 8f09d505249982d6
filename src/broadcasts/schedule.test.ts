import { describe, expect, it } from "vitest";
import { durationMs, localDueTimes, localInstant, pickWinner, sampleTaken, startInstant } from "./schedule.js";

const NOW = Date.UTC(2026, 0, 5, 9, 0);

describe("broadcast schedules", () => {
  it("starts now, at the given instant, or when the local time first arrives anywhere (UTC+14)", () => {
    expect(startInstant(undefined, NOW)).toBe(NOW);
    expect(startInstant({ at: "2026-01-06T10:00:00+01:00" }, NOW)).toBe(Date.UTC(2026, 0, 6, 9, 0));
    expect(startInstant({ at: "2020-01-01T00:00:00Z" }, NOW)).toBe(NOW);
    expect(startInstant({ localTime: { date: "2026-01-07", time: "09:00" } }, NOW)).toBe(Date.UTC(2026, 0, 6, 19, 0));
  });

  it("gives each zone its own instant, contacts without a known zone the fallback's", () => {
    const due = localDueTimes({ date: "2026-01-07", time: "09:00" }, ["Europe/Paris", "America/New_York", null, "Mars/Olympus", "Europe/Paris"], "Asia/Tokyo");
    expect(due.byZone).toEqual([
      ["Europe/Paris", Date.UTC(2026, 0, 7, 8, 0)],
      ["America/New_York", Date.UTC(2026, 0, 7, 14, 0)],
    ]);
    expect(due.fallback).toBe(Date.UTC(2026, 0, 7, 0, 0));
  });

  it("moves a local time skipped by DST forward by the gap", () => {
    expect(localInstant("2026-03-29", "02:30", "Europe/Paris")).toBe(Date.UTC(2026, 2, 29, 1, 30));
  });

  it("keeps an A/B sample exact across chunks", () => {
    const chunks = [5000, 5000, 5000, 1234];
    let total = 0;
    let taken = 0;
    for (const n of chunks) {
      const k = sampleTaken(total + n, 20) - sampleTaken(total, 20);
      total += n;
      taken += k;
    }
    expect(taken).toBe(Math.round(16234 * 0.2));
  });

  it("picks the variant with the most engaged contacts, the first on a tie", () => {
    expect(pickWinner(["a", "b", "c"], new Map([["b", 3], ["c", 5]]))).toBe("c");
    expect(pickWinner(["a", "b"], new Map([["a", 2], ["b", 2]]))).toBe("a");
    expect(pickWinner(["a", "b"], new Map())).toBe("a");
  });

  it("measures durations in calendar units", () => {
    expect(durationMs(NOW, { amount: 3, unit: "days" })).toBe(3 * 86_400_000);
    expect(durationMs(NOW, { amount: 2, unit: "hours" })).toBe(7_200_000);
  });
});
