import { describe, expect, it } from "vitest";
import type { Wait } from "../../schemas/workflow/index.js";
import { delayStep } from "./delay.js";
import { fakeStepContext, type FakeStep } from "./test-step-context.js";

const at = (iso: string) => Date.parse(iso);
const delay = (wait: Wait) => ({ id: "pause", type: "delay" as const, wait, next: "after" });
const run = (wait: Wait, f: FakeStep) => delayStep(fakeStepContext(f), delay(wait));
const paris = { timezone: "Europe/Paris" };

describe("delay for a duration", () => {
  it("keeps the wall-clock time across a DST change for days, and counts hours exactly", async () => {
    // Saturday 10:00 in Paris; clocks go forward that night.
    const now = at("2026-03-28T09:00:00Z");
    const day = await run({ kind: "duration", duration: { amount: 1, unit: "days" } }, { now, contact: paris });
    expect(day).toEqual({
      kind: "wait",
      until: at("2026-03-29T08:00:00Z"),
      then: "after",
      record: { decision: "until 2026-03-29T10:00 Europe/Paris", reason: "waits 1 day: until 2026-03-29T10:00 Europe/Paris" },
    });
    const hours = await run({ kind: "duration", duration: { amount: 24, unit: "hours" } }, { now, contact: paris });
    expect(hours).toMatchObject({ kind: "wait", until: at("2026-03-29T09:00:00Z"), record: { decision: "until 2026-03-29T11:00 Europe/Paris" } });
  });

  it("counts in UTC for a contact without a time zone", async () => {
    const cmd = await run({ kind: "duration", duration: { amount: 1, unit: "months" } }, { now: at("2026-01-31T10:00:00Z") });
    expect(cmd).toMatchObject({ kind: "wait", until: at("2026-02-28T10:00:00Z"), record: { decision: "until 2026-02-28T10:00 UTC" } });
  });
});

describe("delay until a time of day", () => {
  const weekdays = ["mon", "tue", "wed", "thu", "fri"] as const;
  const nineOnWeekdays: Wait = { kind: "until_time", time: "09:00", weekdays: [...weekdays] };

  it("waits from Friday evening to Monday 09:00 in the contact's zone", async () => {
    const cmd = await run(nineOnWeekdays, { now: at("2026-01-09T17:00:00Z"), contact: paris });
    expect(cmd).toEqual({
      kind: "wait",
      until: at("2026-01-12T08:00:00Z"),
      then: "after",
      record: { decision: "until 2026-01-12T09:00 Europe/Paris", reason: "waits for the next 09:00 on mon, tue, wed, thu, fri: until 2026-01-12T09:00 Europe/Paris" },
    });
  });

  it("takes today when the time is still ahead, tomorrow when it is now or past", async () => {
    const daily: Wait = { kind: "until_time", time: "09:00" };
    expect(await run(daily, { now: at("2026-01-07T07:59:00Z"), contact: paris })).toMatchObject({ until: at("2026-01-07T08:00:00Z") });
    expect(await run(daily, { now: at("2026-01-07T08:00:00Z"), contact: paris })).toMatchObject({ until: at("2026-01-08T08:00:00Z") });
  });

  it("waits a full week when the only allowed day is today and its time has passed", async () => {
    // Wednesday 2026-01-07, 10:00 UTC.
    const cmd = await run({ kind: "until_time", time: "09:00", weekdays: ["wed"] }, { now: at("2026-01-07T10:00:00Z") });
    expect(cmd).toMatchObject({ until: at("2026-01-14T09:00:00Z") });
  });

  it("uses the step's time zone over the contact's, and UTC for a contact without one", async () => {
    const ny: Wait = { kind: "until_time", time: "09:00", timezone: "America/New_York" };
    expect(await run(ny, { now: at("2026-01-07T10:00:00Z"), contact: paris })).toMatchObject({ until: at("2026-01-07T14:00:00Z") });
    expect(await run({ kind: "until_time", time: "09:00" }, { now: at("2026-01-07T10:00:00Z") })).toMatchObject({ until: at("2026-01-08T09:00:00Z") });
  });

  it("moves a time skipped by DST forward by the gap", async () => {
    const cmd = await run({ kind: "until_time", time: "02:30" }, { now: at("2026-03-28T12:00:00Z"), contact: paris });
    expect(cmd).toMatchObject({ until: at("2026-03-29T01:30:00Z"), record: { decision: "until 2026-03-29T03:30 Europe/Paris" } });
  });
});

describe("delay until a date property", () => {
  const renewal: Wait = { kind: "until_date", property: "renewal", offset: { amount: -3, unit: "days" }, time: "10:00" };
  const types = { renewal: "date", plan: "string" } as const;
  const now = at("2026-01-05T09:00:00Z");

  it("waits until the date moved by the offset, at the time of that day in the contact's zone", async () => {
    const cmd = await run(renewal, { now, types, contact: { ...paris, properties: { renewal: "2026-02-10T00:00:00.000Z" } } });
    expect(cmd).toEqual({
      kind: "wait",
      until: at("2026-02-07T09:00:00Z"),
      then: "after",
      record: { decision: "until 2026-02-07T10:00 Europe/Paris", reason: 'waits for "renewal" - 3 days at 10:00: until 2026-02-07T10:00 Europe/Paris' },
    });
  });

  it("keeps a date without a time on its own day for a contact west of UTC", async () => {
    const props = { properties: { renewal: "2026-02-10T00:00:00.000Z" }, timezone: "America/New_York" };
    expect(await run(renewal, { now, types, contact: props })).toMatchObject({ until: at("2026-02-07T15:00:00Z") });
    // A date-time is read on the contact's wall clock: 03:00 UTC on the 10th is the 9th in New York.
    const late = { properties: { renewal: "2026-02-10T03:00:00.000Z" }, timezone: "America/New_York" };
    expect(await run(renewal, { now, types, contact: late })).toMatchObject({ until: at("2026-02-06T15:00:00Z") });
  });

  it("without a time, waits until the instant moved by the offset", async () => {
    const cmd = await run({ kind: "until_date", property: "renewal", offset: { amount: 2, unit: "hours" } }, { now, types, contact: { properties: { renewal: "2026-02-10T08:15:00.000Z" } } });
    expect(cmd).toMatchObject({ kind: "wait", until: at("2026-02-10T10:15:00Z"), record: { reason: 'waits for "renewal" + 2 hours: until 2026-02-10T10:15 UTC' } });
  });

  it("continues at once when that moment is already past", async () => {
    const cmd = await run(renewal, { now, types, contact: { ...paris, properties: { renewal: "2026-01-07T00:00:00.000Z" } } });
    expect(cmd).toEqual({
      kind: "next",
      to: "after",
      record: { decision: "no wait", reason: '"renewal" - 3 days at 10:00 was 2026-01-04T10:00 Europe/Paris, already past' },
    });
  });

  it("continues at once, saying why, when the property is missing or not a date", async () => {
    expect(await run(renewal, { now, types, contact: {} })).toEqual({
      kind: "next",
      to: "after",
      record: { decision: "no wait", reason: '"renewal" is not set, so there is nothing to wait for' },
    });
    const plan = await run({ ...renewal, property: "plan" }, { now, types, contact: { properties: { plan: "2026-02-10" } } });
    expect(plan).toMatchObject({ kind: "next", to: "after", record: { reason: '"plan" is a string, not a date, so there is nothing to wait for' } });
  });
});
