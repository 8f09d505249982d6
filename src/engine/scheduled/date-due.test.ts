import { describe, expect, it } from "vitest";
import { nextOccurrence } from "./cron.js";
import { dateDueInstant, planDateDue, type DateDueTrigger } from "./date-due.js";

const threeDaysBefore: DateDueTrigger = { type: "date.due", property: "trial_end", offset: { amount: -3, unit: "days" }, at: "10:00" };
const contact = (trialEnd: unknown, timezone: string | null) => ({ properties: trialEnd === undefined ? {} : { trial_end: trialEnd }, timezone });
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe("dateDueInstant", () => {
  it.each([
    // A date written without a time is that calendar day wherever the contact is.
    ["2026-03-20", "Europe/Paris", "2026-03-17T09:00:00.000Z"],
    ["2026-03-20", "America/New_York", "2026-03-17T14:00:00.000Z"],
    ["2026-03-20", null, "2026-03-17T10:00:00.000Z"],
    // A date-time's day is the one the contact's wall clock shows: the evening before in New York.
    ["2026-03-20T02:00:00.000Z", "America/New_York", "2026-03-16T14:00:00.000Z"],
    ["2026-03-20T02:00:00.000Z", "Europe/Paris", "2026-03-17T09:00:00.000Z"],
    // 10:00 local across the spring DST change: CET (+1) before, CEST (+2) after.
    ["2026-03-31", "Europe/Paris", "2026-03-28T09:00:00.000Z"],
    ["2026-04-01", "Europe/Paris", "2026-03-29T08:00:00.000Z"],
    // A zone the runtime does not know counts as UTC, as in delay steps.
    ["2026-03-20", "Mars/Olympus", "2026-03-17T10:00:00.000Z"],
  ])("%s in %s falls due at %s", (value, zone, expected) => {
    expect(iso(dateDueInstant(threeDaysBefore, contact(value, zone))?.dueAt)).toBe(expected);
  });

  it("keeps the stored value, and has no instant when the property is unset or not a date", () => {
    expect(dateDueInstant(threeDaysBefore, contact("2026-03-20", null))?.value).toBe("2026-03-20");
    expect(dateDueInstant(threeDaysBefore, contact(undefined, null))).toBeUndefined();
    expect(dateDueInstant(threeDaysBefore, contact(null, null))).toBeUndefined();
    expect(dateDueInstant(threeDaysBefore, contact("soon", null))).toBeUndefined();
  });

  it("moves by hours or months too, and after the date with a positive offset", () => {
    const after = (amount: number, unit: "hours" | "months") => ({ ...threeDaysBefore, offset: { amount, unit } });
    expect(iso(dateDueInstant(after(1, "months"), contact("2026-01-31", "UTC"))?.dueAt)).toBe("2026-02-28T10:00:00.000Z");
    expect(iso(dateDueInstant(after(-2, "hours"), contact("2026-03-20T01:00:00.000Z", "UTC"))?.dueAt)).toBe("2026-03-19T10:00:00.000Z");
  });
});

describe("planDateDue", () => {
  const now = Date.UTC(2026, 2, 1);
  const due = Date.parse("2026-03-17T09:00:00.000Z");
  const paris = contact("2026-03-20", "Europe/Paris");

  it("schedules a date still to come, and not one already past", () => {
    expect(planDateDue(threeDaysBefore, paris, undefined, now)).toEqual({ kind: "write", value: "2026-03-20", dueAt: due });
    expect(planDateDue(threeDaysBefore, paris, undefined, due)).toEqual({ kind: "keep" });
    expect(planDateDue(threeDaysBefore, contact("2026-02-01", "Europe/Paris"), undefined, now)).toEqual({ kind: "keep" });
  });

  it("reschedules a changed date or zone, and drops a cleared or past one", () => {
    expect(planDateDue(threeDaysBefore, paris, { value: "2026-03-20", due_at: due }, now)).toEqual({ kind: "keep" });
    expect(planDateDue(threeDaysBefore, paris, { value: "2026-03-25", due_at: due + 5 * 86_400_000 }, now)).toMatchObject({ kind: "write", dueAt: due });
    expect(planDateDue(threeDaysBefore, contact("2026-03-20", "America/New_York"), { value: "2026-03-20", due_at: due }, now)).toMatchObject({ kind: "write", dueAt: due + 5 * 3_600_000 });
    expect(planDateDue(threeDaysBefore, contact(undefined, "Europe/Paris"), { value: "2026-03-20", due_at: due }, now)).toEqual({ kind: "delete" });
    expect(planDateDue(threeDaysBefore, contact("2026-02-01", "Europe/Paris"), { value: "2026-03-20", due_at: due }, now)).toEqual({ kind: "delete" });
  });

  it("does not fire the same date twice when the contact moves to a later zone after it fired", () => {
    const fired = { value: "2026-03-20", due_at: null };
    expect(planDateDue(threeDaysBefore, contact("2026-03-20", "America/New_York"), fired, due + 1)).toEqual({ kind: "keep" });
    expect(planDateDue(threeDaysBefore, contact("2026-04-20", "Europe/Paris"), fired, due + 1)).toMatchObject({ kind: "write", value: "2026-04-20" });
  });
});

describe("nextOccurrence", () => {
  const mondays9 = { cron: "0 9 * * 1", timezone: "Europe/Paris" };
  it("is the first occurrence strictly after the instant, on the zone's wall clock", () => {
    const t0 = Date.UTC(2026, 0, 5, 9, 0); // Monday 10:00 in Paris
    expect(iso(nextOccurrence(mondays9, t0))).toBe("2026-01-12T08:00:00.000Z");
    expect(iso(nextOccurrence(mondays9, Date.UTC(2026, 0, 12, 8, 0)))).toBe("2026-01-19T08:00:00.000Z");
    expect(iso(nextOccurrence(mondays9, Date.UTC(2026, 2, 25)))).toBe("2026-03-30T07:00:00.000Z");
  });
});
