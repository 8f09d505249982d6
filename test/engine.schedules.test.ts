import { afterEach, describe, expect, it } from "vitest";
import { runScheduledTriggers } from "../src/engine/scheduled/index.js";
import { fromJson } from "../src/store/index.js";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

/** T0 is Monday 2026-01-05 09:00Z (10:00 in Paris): the next Monday 09:00 in Paris is 08:00Z on the 12th. */
const MONDAY_1 = Date.UTC(2026, 0, 12, 8, 0);
const MONDAY_2 = Date.UTC(2026, 0, 19, 8, 0);
const MINUTE = 60_000;

const weekly = (audience: Record<string, string>, reEnrolment: unknown = { mode: "always" }) => ({
  version: 1,
  triggers: [{ type: "schedule", cron: "0 9 * * 1", timezone: "Europe/Paris", ...audience }],
  entry: { reEnrolment },
  start: "tag",
  nodes: [
    { id: "tag", type: "action", action: { kind: "add_tag", tag: "weekly" }, next: "end" },
    { id: "end", type: "end" },
  ],
});

describe.each(dialects)("schedule triggers on %s", (dialect) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  const contacts = async (n: number, prefix: string) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push((await t.request("POST", "/api/v1/contacts", { body: { email: `${prefix}${i}@schedule.test` } })).body.id);
    return ids;
  };
  const list = async (members: string[]) => {
    const { body } = await t.request("POST", "/api/v1/lists", { body: { name: `List ${t.clock.now()}-${members.length}` } });
    if (members.length) await join(body.id, members);
    return body.id as string;
  };
  const join = async (listId: string, contactIds: string[]) => expect((await t.request("POST", `/api/v1/lists/${listId}/members`, { body: { contactIds } })).status).toBe(200);
  const publish = async (definition: unknown) => {
    const created = await t.request("POST", "/api/v1/workflows", { body: { name: "Weekly", definition } });
    expect(created.status).toBe(201);
    expect((await t.request("POST", `/api/v1/workflows/${created.body.id}/publish`)).status).toBe(200);
    return created.body.id as string;
  };
  const advanceTo = (at: number) => t.request("POST", "/api/v1/test-clock/advance", { body: { ms: Math.max(0, at - t.clock.now()) } });
  const runs = async (id: string) => (await t.request("GET", `/api/v1/contacts/${id}/runs`)).body.data as { trigger: Record<string, unknown>; startedAt: string }[];
  const runCounts = async (ids: string[]) => Promise.all(ids.map(async (id) => (await runs(id)).length));
  const schedule = (workflowId: string) => t.deps.db.selectFrom("trigger_schedules").selectAll().where("workflow_id", "=", workflowId).executeTakeFirstOrThrow();

  it("enrols the list's members every Monday at 09:00 in Paris, once per occurrence", async () => {
    t = await startTestApp(dialect);
    const [a, b, later, outsider] = await contacts(4, "weekly");
    const listId = await list([a!, b!]);
    await publish(weekly({ listId }));

    await advanceTo(MONDAY_1 - MINUTE);
    expect(await runCounts([a!, b!])).toEqual([0, 0]);
    await advanceTo(MONDAY_1);
    expect(await runCounts([a!, b!])).toEqual([1, 1]);
    expect((await runs(a!))[0]).toMatchObject({
      startedAt: new Date(MONDAY_1).toISOString(),
      trigger: { type: "schedule", cron: "0 9 * * 1", timezone: "Europe/Paris", listId, occurrence: new Date(MONDAY_1).toISOString() },
    });
    await t.engine.runDue();
    await advanceTo(MONDAY_2 - MINUTE);
    expect(await runCounts([a!, b!])).toEqual([1, 1]);

    await join(listId, [later!]);
    await advanceTo(MONDAY_2);
    expect(await runCounts([a!, b!, later!, outsider!])).toEqual([2, 2, 1, 0]);
  });

  it("writes an audience larger than one batch as requests, each member exactly once", async () => {
    t = await startTestApp(dialect);
    for (let call = 0; call < 2; call++) {
      const batch = Array.from({ length: 260 }, (_, i) => ({ type: "identify", userId: `big-${call}-${i}` }));
      expect((await t.request("POST", "/v1/batch", { body: { batch }, auth: t.writeKey })).status).toBe(200);
    }
    const ids: string[] = [];
    for (let cursor: string | null = null; ids.length === 0 || cursor; ) {
      const page: { data: { id: string }[]; nextCursor: string | null } = (await t.request("GET", `/api/v1/contacts?limit=500${cursor ? `&cursor=${cursor}` : ""}`)).body;
      ids.push(...page.data.map((c: { id: string }) => c.id));
      cursor = page.nextCursor;
    }
    expect(ids).toHaveLength(520);
    const id = await publish(weekly({ listId: await list(ids) }));
    // Only the schedule's share of the round: answering 520 requests is the engine's, tested elsewhere.
    t.clock.set(MONDAY_1);
    while ((await runScheduledTriggers(t.deps, 100)) > 0);
    const requests = await t.deps.db.selectFrom("enrolment_requests").select("contact_id").where("workflow_id", "=", id).execute();
    expect(requests).toHaveLength(520);
    expect(new Set(requests.map((r) => r.contact_id))).toEqual(new Set(ids));
    expect(await schedule(id)).toMatchObject({ next_at: MONDAY_2, cursor: null });
  });

  it("keeps the entry rules: a workflow that does not re-enrol takes each member once", async () => {
    t = await startTestApp(dialect);
    const [a] = await contacts(1, "once");
    await publish(weekly({ listId: await list([a!]) }, { mode: "never" }));
    await advanceTo(MONDAY_2);
    expect(await runCounts([a!])).toEqual([1]);
    const timeline = (await t.request("GET", `/api/v1/contacts/${a}/timeline?limit=100`)).body.data as { name: string; properties: Record<string, unknown> }[];
    expect(timeline.find((e) => e.name === "workflow.not_enrolled")?.properties).toMatchObject({
      reason: expect.stringContaining("does not re-enrol"),
      trigger: { type: "schedule", occurrence: new Date(MONDAY_2).toISOString() },
    });
  });

  it("fires occurrences missed while no engine ran once, then waits for the next one", async () => {
    t = await startTestApp(dialect);
    const [a] = await contacts(1, "missed");
    const id = await publish(weekly({ listId: await list([a!]) }));
    // No engine round for three Mondays, as when the server was down.
    t.clock.set(Date.UTC(2026, 0, 28, 12, 0));
    await t.engine.runDue();
    expect(await runCounts([a!])).toEqual([1]);
    expect((await schedule(id)).next_at).toBe(Date.UTC(2026, 1, 2, 8, 0));
    await advanceTo(Date.UTC(2026, 1, 2, 8, 0));
    expect(await runCounts([a!])).toEqual([2]);
  });

  it("resumes an occurrence after the last contact done, so a crash mid-way neither loses nor doubles anybody", async () => {
    t = await startTestApp(dialect);
    const members = (await contacts(3, "resume")).sort();
    const id = await publish(weekly({ listId: await list(members) }));
    // As left by a worker that committed the first batch (up to members[0]) and died.
    await t.deps.db.updateTable("trigger_schedules").set({ occurrence: MONDAY_1, cursor: members[0]!, next_at: MONDAY_1 }).where("workflow_id", "=", id).execute();
    await advanceTo(MONDAY_1);
    expect(await runCounts(members)).toEqual([0, 1, 1]);
    expect(await schedule(id)).toMatchObject({ next_at: MONDAY_2, cursor: null, occurrence: null });
  });

  it("enrols the segment's members as they are at the occurrence, and refuses a segment that was deleted since", async () => {
    t = await startTestApp(dialect);
    const [pro, free] = await contacts(2, "segment");
    await t.request("PATCH", `/api/v1/contacts/${pro}`, { body: { properties: { plan: "pro" } } });
    const segment = await t.request("POST", "/api/v1/segments", { body: { name: "Pro", rule: { type: "property", property: "plan", op: "equals", value: "pro" } } });
    const id = await publish(weekly({ segmentId: segment.body.id }));
    await t.request("PATCH", `/api/v1/contacts/${free}`, { body: { properties: { plan: "pro" } } });
    await advanceTo(MONDAY_1);
    expect(await runCounts([pro!, free!])).toEqual([1, 1]);

    expect((await t.request("DELETE", `/api/v1/segments/${segment.body.id}`)).status).toBe(204);
    await advanceTo(MONDAY_2);
    expect(await runCounts([pro!, free!])).toEqual([1, 1]);
    expect(fromJson((await schedule(id)).error)).toMatchObject({ name: "NonRetriableError", message: expect.stringContaining(`segment "${segment.body.id}"`) });
  });

  it("records a visible error on the schedule when its list was deleted since publishing, and keeps its next occurrence", async () => {
    t = await startTestApp(dialect);
    const [a] = await contacts(1, "gone");
    const listId = await list([a!]);
    const id = await publish(weekly({ listId }));
    expect((await t.request("DELETE", `/api/v1/lists/${listId}`)).status).toBe(204);
    await advanceTo(MONDAY_1);
    expect(await runCounts([a!])).toEqual([0]);
    const row = await schedule(id);
    expect(row.next_at).toBe(MONDAY_2);
    expect(fromJson(row.error)).toMatchObject({ name: "NonRetriableError", message: expect.stringContaining(`list "${listId}"`), occurrence: new Date(MONDAY_1).toISOString() });
  });

  it("stops when paused, restarts from the next occurrence when resumed", async () => {
    t = await startTestApp(dialect);
    const [a] = await contacts(1, "paused");
    const id = await publish(weekly({ listId: await list([a!]) }));
    await t.request("POST", `/api/v1/workflows/${id}/pause`);
    await advanceTo(MONDAY_1 + MINUTE);
    expect(await runCounts([a!])).toEqual([0]);
    await t.request("POST", `/api/v1/workflows/${id}/resume`);
    expect((await schedule(id)).next_at).toBe(MONDAY_2);
    await advanceTo(MONDAY_2);
    expect(await runCounts([a!])).toEqual([1]);
  });

  it("refuses a schedule without exactly one audience, with an unknown list, or with a bad cron, naming the field", async () => {
    t = await startTestApp(dialect);
    const both = await t.request("POST", "/api/v1/workflows", { body: { name: "Both", definition: weekly({ listId: "l", segmentId: "s" }) } });
    expect(both.status).toBe(400);
    expect(both.body.errors).toContainEqual({ field: "definition.triggers.0.listId", message: expect.stringContaining("exactly one") });
    const unknown = await t.request("POST", "/api/v1/workflows", { body: { name: "Unknown list", definition: weekly({ listId: "no-such-list" }) } });
    const refused = await t.request("POST", `/api/v1/workflows/${unknown.body.id}/publish`);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toContainEqual({ field: "definition.triggers.0.listId", message: 'unknown list "no-such-list" in trigger 1' });
    const badCron = { ...weekly({ listId: "no-such-list" }), triggers: [{ type: "schedule", cron: "0 25 * * 1", timezone: "Europe/Paris", listId: await list([]) }] };
    const cron = await t.request("POST", "/api/v1/workflows", { body: { name: "Bad cron", definition: badCron } });
    const cronRefused = await t.request("POST", `/api/v1/workflows/${cron.body.id}/publish`);
    expect(cronRefused.body.errors).toContainEqual({ field: "definition.triggers.0.cron", message: expect.stringContaining("not a valid cron expression") });
  });
});
