import { afterEach, describe, expect, it } from "vitest";
import { runScheduledTriggers } from "../src/engine/scheduled/index.js";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

/** T0 is Monday 2026-01-05 09:00Z; trial_end 2026-01-15 falls due on Monday 2026-01-12 at 10:00 local. */
const DUE_PARIS = Date.UTC(2026, 0, 12, 9, 0); // 10:00 CET
const DUE_NEW_YORK = Date.UTC(2026, 0, 12, 15, 0); // 10:00 EST
const MINUTE = 60_000;

const trialEnding = (reEnrolment: unknown = { mode: "never" }) => ({
  version: 1,
  triggers: [{ type: "date.due", property: "trial_end", offset: { amount: -3, unit: "days" }, at: "10:00" }],
  entry: { reEnrolment },
  start: "tag",
  nodes: [
    { id: "tag", type: "action", action: { kind: "add_tag", tag: "trial-reminder" }, next: "end" },
    { id: "end", type: "end" },
  ],
});

describe.each(dialects)("date.due triggers on %s", (dialect) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  const contact = async (email: string, fields: Record<string, unknown>) => {
    const res = await t.request("POST", "/api/v1/contacts", { body: { email, ...fields } });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const patch = (id: string, body: unknown) => t.request("PATCH", `/api/v1/contacts/${id}`, { body });
  const publish = async (definition: unknown) => {
    const created = await t.request("POST", "/api/v1/workflows", { body: { name: "Trial ending", definition } });
    expect(created.status).toBe(201);
    expect((await t.request("POST", `/api/v1/workflows/${created.body.id}/publish`)).status).toBe(200);
    return created.body.id as string;
  };
  const advanceTo = (at: number) => t.request("POST", "/api/v1/test-clock/advance", { body: { ms: Math.max(0, at - t.clock.now()) } });
  const runs = async (id: string) => (await t.request("GET", `/api/v1/contacts/${id}/runs`)).body.data as { trigger: Record<string, unknown>; startedAt: string; version: number }[];
  const tagged = async (id: string) => ((await t.request("GET", `/api/v1/contacts/${id}`)).body.tags as string[]).includes("trial-reminder");

  it("enrols 3 days before trial_end at 10:00 in each contact's zone, not before, and never for a date already past", async () => {
    t = await startTestApp(dialect);
    const paris = await contact("paris@due.test", { timezone: "Europe/Paris", properties: { trial_end: "2026-01-15" } });
    const past = await contact("past@due.test", { timezone: "Europe/Paris", properties: { trial_end: "2026-01-06" } });
    await publish(trialEnding());
    // Created after publishing: scheduled by the reactor rather than the backfill.
    const newYork = await contact("ny@due.test", { timezone: "America/New_York", properties: { trial_end: "2026-01-15" } });

    await advanceTo(DUE_PARIS - MINUTE);
    expect([await tagged(paris), await tagged(newYork), await tagged(past)]).toEqual([false, false, false]);
    await advanceTo(DUE_PARIS);
    expect([await tagged(paris), await tagged(newYork)]).toEqual([true, false]);
    expect((await runs(paris))[0]).toMatchObject({
      startedAt: new Date(DUE_PARIS).toISOString(),
      trigger: { type: "date.due", property: "trial_end", value: "2026-01-15T00:00:00.000Z", dueAt: new Date(DUE_PARIS).toISOString() },
    });
    await advanceTo(DUE_NEW_YORK - MINUTE);
    expect(await tagged(newYork)).toBe(false);
    await advanceTo(DUE_NEW_YORK);
    expect(await tagged(newYork)).toBe(true);
    expect((await runs(newYork))[0]?.startedAt).toBe(new Date(DUE_NEW_YORK).toISOString());
    await advanceTo(Date.UTC(2026, 1, 1));
    expect(await runs(past)).toEqual([]);
    expect(await runs(paris)).toHaveLength(1);
  });

  it("backfills contacts in batches when the workflow is published, skipping those without the date", async () => {
    t = await startTestApp(dialect);
    const batch = Array.from({ length: 540 }, (_, i) => ({ type: "identify", userId: `bulk-${i}`, traits: i % 10 === 9 ? { plan: "free" } : { trial_end: "2026-01-15" } }));
    for (let i = 0; i < batch.length; i += 270) expect((await t.request("POST", "/v1/batch", { body: { batch: batch.slice(i, i + 270) }, auth: t.writeKey })).status).toBe(200);
    const id = await publish(trialEnding());
    // Only the backfill: enrolling 486 contacts is the engine's work, tested elsewhere.
    while ((await runScheduledTriggers(t.deps, 100)) > 0);
    const rows = await t.deps.db.selectFrom("scheduled_enrolments").select(["due_at"]).where("workflow_id", "=", id).execute();
    expect(rows).toHaveLength(486);
    expect(new Set(rows.map((r) => r.due_at))).toEqual(new Set([Date.UTC(2026, 0, 12, 10, 0)]));
    expect(await t.deps.db.selectFrom("trigger_schedules").selectAll().where("workflow_id", "=", id).executeTakeFirstOrThrow()).toMatchObject({ next_at: null, cursor: null });
  });

  it("reschedules when trial_end or the time zone changes, and cancels when trial_end is cleared or moved into the past", async () => {
    t = await startTestApp(dialect);
    const moved = await contact("moved@due.test", { properties: { trial_end: "2026-01-15" } });
    const cleared = await contact("cleared@due.test", { properties: { trial_end: "2026-01-15" } });
    const backdated = await contact("backdated@due.test", { properties: { trial_end: "2026-01-15" } });
    const rezoned = await contact("rezoned@due.test", { timezone: "Europe/Paris", properties: { trial_end: "2026-01-15" } });
    await publish(trialEnding());
    await advanceTo(T1);
    expect((await patch(moved, { properties: { trial_end: "2026-01-20" } })).status).toBe(200);
    expect((await patch(cleared, { properties: { trial_end: null } })).status).toBe(200);
    expect((await patch(backdated, { properties: { trial_end: "2026-01-02" } })).status).toBe(200);
    expect((await patch(rezoned, { timezone: "America/New_York" })).status).toBe(200);

    await advanceTo(Date.UTC(2026, 0, 12, 14, 59));
    for (const id of [moved, cleared, backdated, rezoned]) expect(await runs(id)).toEqual([]);
    await advanceTo(DUE_NEW_YORK);
    expect((await runs(rezoned))[0]?.startedAt).toBe(new Date(DUE_NEW_YORK).toISOString());
    await advanceTo(Date.UTC(2026, 0, 17, 10, 0)); // 2026-01-20 - 3 days, 10:00 UTC (no zone)
    expect((await runs(moved))[0]).toMatchObject({ startedAt: new Date(Date.UTC(2026, 0, 17, 10, 0)).toISOString(), trigger: { value: "2026-01-20T00:00:00.000Z" } });
    await advanceTo(Date.UTC(2026, 2, 1));
    expect(await runs(cleared)).toEqual([]);
    expect(await runs(backdated)).toEqual([]);
    expect(await runs(moved)).toHaveLength(1);
  });

  it("follows a new version: a changed trigger is rescheduled, an unchanged one kept", async () => {
    t = await startTestApp(dialect);
    const c = await contact("versions@due.test", { properties: { trial_end: "2026-01-15" } });
    const id = await publish(trialEnding());
    await advanceTo(T1);
    const oneDayBefore = { ...trialEnding(), triggers: [{ type: "date.due", property: "trial_end", offset: { amount: -1, unit: "days" }, at: "10:00" }] };
    expect((await t.request("PATCH", `/api/v1/workflows/${id}`, { body: { definition: oneDayBefore } })).status).toBe(200);
    expect((await t.request("POST", `/api/v1/workflows/${id}/publish`)).body.currentVersion).toBe(2);
    await advanceTo(Date.UTC(2026, 0, 13));
    expect(await runs(c)).toEqual([]);
    // A third version that changes only a step keeps the trigger's schedule as it is.
    const renamed = { ...oneDayBefore, nodes: [{ id: "tag", type: "action", action: { kind: "add_tag", tag: "trial-ends-tomorrow" }, next: "end" }, { id: "end", type: "end" }] };
    await t.request("PATCH", `/api/v1/workflows/${id}`, { body: { definition: renamed } });
    await t.request("POST", `/api/v1/workflows/${id}/publish`);
    await advanceTo(Date.UTC(2026, 0, 14, 10, 0));
    expect(await runs(c)).toMatchObject([{ startedAt: new Date(Date.UTC(2026, 0, 14, 10, 0)).toISOString(), version: 3 }]);
  });

  it("stops firing while the workflow is paused; resuming schedules only the dates still to come", async () => {
    t = await startTestApp(dialect);
    const early = await contact("early@due.test", { properties: { trial_end: "2026-01-10" } }); // due 2026-01-07 10:00Z
    const late = await contact("late@due.test", { properties: { trial_end: "2026-01-20" } }); // due 2026-01-17 10:00Z
    const id = await publish(trialEnding());
    expect((await t.request("POST", `/api/v1/workflows/${id}/pause`)).status).toBe(200);
    await advanceTo(Date.UTC(2026, 0, 8));
    expect(await runs(early)).toEqual([]);
    expect((await t.request("POST", `/api/v1/workflows/${id}/resume`)).status).toBe(200);
    await advanceTo(Date.UTC(2026, 1, 1));
    expect(await runs(early)).toEqual([]);
    expect((await runs(late))[0]?.startedAt).toBe(new Date(Date.UTC(2026, 0, 17, 10, 0)).toISOString());
  });

  it("keeps the entry rules: a workflow that does not re-enrol refuses the contact's next date", async () => {
    t = await startTestApp(dialect);
    const once = await contact("once@due.test", { properties: { trial_end: "2026-01-10" } });
    await publish(trialEnding());
    await advanceTo(Date.UTC(2026, 0, 8));
    expect(await runs(once)).toHaveLength(1);
    await patch(once, { properties: { trial_end: "2026-02-10" } });
    await advanceTo(Date.UTC(2026, 1, 8));
    expect(await runs(once)).toHaveLength(1);
    const timeline = (await t.request("GET", `/api/v1/contacts/${once}/timeline?limit=100`)).body.data as { name: string; properties: Record<string, unknown> }[];
    const refusal = timeline.find((e) => e.name === "workflow.not_enrolled");
    expect(refusal?.properties).toMatchObject({ reason: expect.stringContaining("does not re-enrol"), trigger: { type: "date.due", value: "2026-02-10T00:00:00.000Z" } });
  });

  it("fires each date once, even when the contact moves to a zone where it is still to come; a new date fires again", async () => {
    t = await startTestApp(dialect);
    const traveller = await contact("traveller@due.test", { timezone: "Europe/Paris", properties: { trial_end: "2026-01-15" } });
    await publish(trialEnding({ mode: "always" }));
    await advanceTo(DUE_PARIS);
    expect(await runs(traveller)).toHaveLength(1);
    await patch(traveller, { timezone: "America/New_York" });
    await advanceTo(Date.UTC(2026, 0, 13));
    expect(await runs(traveller)).toHaveLength(1);
    await patch(traveller, { properties: { trial_end: "2026-02-15" } });
    await advanceTo(Date.UTC(2026, 1, 12, 15, 0));
    expect((await runs(traveller)).map((r) => r.trigger.value)).toEqual(["2026-02-15T00:00:00.000Z", "2026-01-15T00:00:00.000Z"]);
  });
});

/** Between publishing (T0) and the due dates. */
const T1 = Date.UTC(2026, 0, 6);
