import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

/** A trial user gets 2 days to book a demo; after that, sales is alerted by a tag. */
const demoFollowUp = {
  version: 1,
  triggers: [{ type: "api" }],
  start: "wait-demo",
  nodes: [
    {
      id: "wait-demo",
      type: "wait_for",
      for: { kind: "event", event: { type: "event", name: "Demo Booked", filters: [{ property: "seats", op: "gte", value: 5 }] } },
      timeout: { amount: 2, unit: "days" },
      next: "booked",
      timeoutNext: "alert-sales",
    },
    { id: "booked", type: "action", action: { kind: "add_tag", tag: "demo-booked" }, next: "done" },
    { id: "alert-sales", type: "action", action: { kind: "add_tag", tag: "no-demo" }, next: "done" },
    { id: "done", type: "end" },
  ],
};

/** Waits up to a week for the lead to become an MQL. */
const waitForMql = {
  version: 1,
  triggers: [{ type: "api" }],
  start: "wait-mql",
  nodes: [
    { id: "wait-mql", type: "wait_for", for: { kind: "condition", rule: { type: "lifecycle", op: "at_least", stage: "mql" } }, timeout: { amount: 7, unit: "days" }, next: "mql", timeoutNext: "cold" },
    { id: "mql", type: "action", action: { kind: "add_tag", tag: "became-mql" }, next: "done" },
    { id: "cold", type: "action", action: { kind: "add_tag", tag: "stayed-cold" }, next: "done" },
    { id: "done", type: "end" },
  ],
};

/** A drip with a goal (became a customer) and an exit (unsubscribed tag), checked on every change. */
const drip = {
  version: 1,
  triggers: [{ type: "api" }],
  goal: { name: "Customer", rule: { type: "lifecycle", op: "at_least", stage: "customer" } },
  exit: { type: "tag", op: "has", tag: "unsubscribed" },
  start: "wait-1",
  nodes: [
    { id: "wait-1", type: "delay", wait: { kind: "duration", duration: { amount: 3, unit: "days" } }, next: "step-2" },
    { id: "step-2", type: "action", action: { kind: "add_tag", tag: "drip-2" }, next: "done" },
    { id: "done", type: "end" },
  ],
};

/** The run's own step reaches the goal. */
const selfConverting = {
  version: 1,
  triggers: [{ type: "api" }],
  goal: { rule: { type: "tag", op: "has", tag: "won" } },
  start: "win",
  nodes: [
    { id: "win", type: "action", action: { kind: "add_tag", tag: "won" }, next: "wait" },
    { id: "wait", type: "delay", wait: { kind: "duration", duration: { amount: 1, unit: "days" } }, next: "done" },
    { id: "done", type: "end" },
  ],
};

/** A wait-for condition in a workflow that also has a goal: one change wakes both watches. */
const waitWithGoal = {
  ...waitForMql,
  goal: { name: "Customer", rule: { type: "lifecycle", op: "at_least", stage: "customer" } },
};

describe.each(dialects)("wait-for steps, goals and exits on %s", (dialect) => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestApp(dialect);
    for (const [name, definition] of Object.entries({ demoFollowUp, waitForMql, drip, selfConverting, waitWithGoal })) {
      const created = await t.request("POST", "/api/v1/workflows", { body: { name, definition } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect((await t.request("POST", `/api/v1/workflows/${created.body.id}/publish`)).status).toBe(200);
      ids[name] = created.body.id;
    }
  });
  afterAll(async () => t?.close());

  const contact = async (email: string, lifecycleStage = "lead") => (await t.request("POST", "/api/v1/contacts", { body: { email, externalId: email, lifecycleStage } })).body;
  const enrol = async (workflow: string, contactId: string) => {
    const res = await t.request("POST", `/api/v1/workflows/${ids[workflow]}/enrol`, { body: { contactId } });
    expect(res.body.enrolled, JSON.stringify(res.body)).toBe(true);
    await advance(0);
    return res.body.runId as string;
  };
  const advance = async (ms: number) => (await t.request("POST", "/api/v1/test-clock/advance", { body: { ms } })).body;
  const tagsOf = async (id: string) => (await t.request("GET", `/api/v1/contacts/${id}`)).body.tags;
  const run = async (id: string) => (await t.request("GET", `/api/v1/runs/${id}`)).body;
  const path = async (id: string) => (await run(id)).steps.map((s: { nodeId: string; record: { record?: { decision?: string } } }) => [s.nodeId, s.record.record?.decision]);
  const track = (userId: string, event: string, properties: Record<string, unknown>) => t.request("POST", "/v1/track", { body: { userId, event, properties }, auth: t.writeKey });

  it("resumes a wait-for step when the awaited event arrives, explaining what came", async () => {
    const ada = await contact("ada@waits.test");
    const runId = await enrol("demoFollowUp", ada.id);
    expect(await run(runId)).toMatchObject({ status: "waiting", nodeId: "wait-demo", resumesAt: new Date(t.clock.now() + 2 * DAY).toISOString() });

    await advance(5 * HOUR);
    // An event that does not pass the filter leaves the run waiting.
    expect((await track(ada.externalId, "Demo Booked", { seats: 2 })).status).toBe(200);
    await advance(0);
    expect((await run(runId)).status).toBe("waiting");

    expect((await track(ada.externalId, "Demo Booked", { seats: 12 })).status).toBe(200);
    await advance(0);
    expect(await tagsOf(ada.id)).toEqual(["demo-booked"]);
    const done = await run(runId);
    expect(done.status).toBe("completed");
    expect(await path(runId)).toEqual([
      ["wait-demo", expect.stringContaining("waiting until")],
      ["wait-demo", "event received"],
      ["booked", expect.any(String)],
      ["done", "end"],
    ]);
    expect(done.steps[1].record.record.reason).toContain("Demo Booked");

    // The timeout that was pending no longer fires.
    await advance(3 * DAY);
    expect(await tagsOf(ada.id)).toEqual(["demo-booked"]);
  });

  it("takes the timeout branch when nothing comes in time, and ignores the event afterwards", async () => {
    const bob = await contact("bob@waits.test");
    const runId = await enrol("demoFollowUp", bob.id);
    await advance(2 * DAY - 1);
    expect(await tagsOf(bob.id)).toEqual([]);
    await advance(1);
    expect(await tagsOf(bob.id)).toEqual(["no-demo"]);
    expect((await path(runId)).map(([node, decision]: [string, string]) => `${node}:${decision}`)).toContain("wait-demo:timed out");

    await track(bob.externalId, "Demo Booked", { seats: 50 });
    await advance(0);
    expect(await tagsOf(bob.id)).toEqual(["no-demo"]);
  });

  it("waits for a condition until a change of the contact makes it hold", async () => {
    const cy = await contact("cy@waits.test");
    const runId = await enrol("waitForMql", cy.id);
    expect((await run(runId)).status).toBe("waiting");
    // Changes that leave the condition false keep the run waiting, with no new history line.
    await t.request("PATCH", `/api/v1/contacts/${cy.id}`, { body: { properties: { company: "Acme" } } });
    await advance(0);
    expect((await run(runId)).steps).toHaveLength(1);

    await advance(DAY);
    await t.request("PATCH", `/api/v1/contacts/${cy.id}`, { body: { lifecycleStage: "sql" } });
    await advance(0);
    expect(await tagsOf(cy.id)).toEqual(["became-mql"]);
    const steps = (await run(runId)).steps;
    expect(steps[1]).toMatchObject({ nodeId: "wait-mql", record: { to: "mql", record: { decision: "condition met" } } });
    expect(steps[1].record.record.reason).toContain("sql");
  });

  it("does not wait at all when the condition already holds, and times out when it never does", async () => {
    const mql = await contact("already@waits.test", "mql");
    await enrol("waitForMql", mql.id);
    expect(await tagsOf(mql.id)).toEqual(["became-mql"]);

    const cold = await contact("cold@waits.test");
    await enrol("waitForMql", cold.id);
    await advance(7 * DAY);
    expect(await tagsOf(cold.id)).toEqual(["stayed-cold"]);
  });

  it("ends a run as a conversion as soon as the contact reaches the goal, even mid-delay", async () => {
    const dee = await contact("dee@waits.test");
    const runId = await enrol("drip", dee.id);
    await advance(DAY);
    await t.request("PATCH", `/api/v1/contacts/${dee.id}`, { body: { lifecycleStage: "customer" } });
    await advance(0);
    const ended = await run(runId);
    expect(ended).toMatchObject({ status: "converted", nodeId: null, resumesAt: null });
    expect(ended.steps.at(-1)).toMatchObject({ nodeId: "$goal", nodeType: "goal", outcome: "end", record: { outcome: "converted", record: { decision: 'goal "Customer" reached' } } });
    expect(ended.steps.at(-1).record.record.reason).toContain("customer");
    await advance(3 * DAY);
    expect(await tagsOf(dee.id)).toEqual([]);
  });

  it("ends a run without a conversion when the exit criteria match", async () => {
    const eve = await contact("eve@waits.test");
    const runId = await enrol("drip", eve.id);
    await t.request("POST", `/api/v1/contacts/${eve.id}/tags`, { body: { tags: ["unsubscribed"] } });
    await advance(0);
    expect(await run(runId)).toMatchObject({ status: "exited" });
    expect((await run(runId)).steps.at(-1)).toMatchObject({ nodeId: "$exit", record: { record: { decision: "exit criteria met" } } });
    await advance(3 * DAY);
    expect(await tagsOf(eve.id)).toEqual(["unsubscribed"]);
  });

  it("lets a run's own step reach its goal, and runs without goal or exit go on untouched", async () => {
    const fay = await contact("fay@waits.test");
    const runId = await enrol("selfConverting", fay.id);
    expect((await run(runId)).status).toBe("converted");

    const gus = await contact("gus@waits.test");
    const dripRun = await enrol("drip", gus.id);
    await t.request("PATCH", `/api/v1/contacts/${gus.id}`, { body: { properties: { plan: "pro" } } });
    await advance(3 * DAY);
    expect(await run(dripRun)).toMatchObject({ status: "completed" });
    expect(await tagsOf(gus.id)).toEqual(["drip-2"]);
  });

  it("resumes a run woken by both its wait and its goal watch once, by the wait", async () => {
    const hal = await contact("hal@waits.test");
    const runId = await enrol("waitWithGoal", hal.id);
    await t.request("PATCH", `/api/v1/contacts/${hal.id}`, { body: { lifecycleStage: "mql" } });
    expect(await t.deps.db.selectFrom("run_wakeups").select("watch_kind").where("run_id", "=", runId).orderBy("watch_kind").execute()).toEqual([
      { watch_kind: "criteria" },
      { watch_kind: "wait" },
    ]);
    await advance(0);
    expect((await path(runId)).map(([node, decision]: [string, string]) => `${node}:${decision}`)).toEqual([
      expect.stringMatching(/^wait-mql:waiting until/),
      "wait-mql:condition met",
      expect.stringMatching(/^mql:/),
      "done:end",
    ]);
    expect(await tagsOf(hal.id)).toEqual(["became-mql"]);
  });
});
