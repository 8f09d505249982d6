import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, T0, type TestApp } from "./support/harness.js";

const DAY = 24 * 3600 * 1000;
const iso = (ms: number) => new Date(ms).toISOString();

/** The nurturing workflow of test/engine.runs.test.ts: stop at MQL or later, else tag, wait 3 days, check again. */
const nurturing = {
  version: 1,
  triggers: [{ type: "api" }],
  start: "already-mql",
  nodes: [
    { id: "already-mql", type: "condition", label: "Already MQL?", rule: { type: "lifecycle", op: "at_least", stage: "mql" }, yes: "done", no: "email-1" },
    { id: "email-1", type: "action", action: { kind: "add_tag", tag: "nurture-1" }, next: "wait-3-days" },
    { id: "wait-3-days", type: "delay", wait: { kind: "duration", duration: { amount: 3, unit: "days" } }, next: "still-below-mql" },
    { id: "still-below-mql", type: "condition", rule: { type: "lifecycle", op: "at_least", stage: "mql" }, yes: "done", no: "email-2" },
    { id: "email-2", type: "action", action: { kind: "add_tag", tag: "nurture-2" }, next: "done" },
    { id: "done", type: "end" },
  ],
};

type Step = { nodeId: string; at: string; outcome: string; decision: string | null; reason: string | null };

describe.each(dialects)("workflow simulator on %s", (dialect) => {
  let t: TestApp;
  let workflowId: string;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    const created = await t.request("POST", "/api/v1/workflows", { body: { name: "Nurturing", definition: nurturing } });
    workflowId = created.body.id;
  });
  afterAll(async () => t?.close());

  const simulate = (body: unknown, query = "") => t.request("POST", `/api/v1/workflows/${workflowId}/simulate${query}`, { body });
  const contact = async (body: Record<string, unknown>) => (await t.request("POST", "/api/v1/contacts", { body })).body;
  const path = (run: { path: Step[] }) => run.path.map((s) => [s.nodeId, s.outcome, s.decision, s.at]);

  it("takes an existing lead through the draft, the 3-day delay at the right virtual times", async () => {
    const lead = await contact({ email: "lead@sim.test", lifecycleStage: "lead" });
    const res = await simulate({ contact: { id: lead.id } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ enrolled: true, startedAt: iso(T0), endedAt: iso(T0 + 3 * DAY) });
    const [run] = res.body.runs;
    expect(run).toMatchObject({ workflowId, version: null, status: "completed", endedAt: iso(T0 + 3 * DAY) });
    expect(path(run)).toEqual([
      ["already-mql", "next", "no", iso(T0)],
      ["email-1", "next", "tag nurture-1 added", iso(T0)],
      ["wait-3-days", "wait", expect.stringContaining("until"), iso(T0)],
      ["still-below-mql", "next", "no", iso(T0 + 3 * DAY)],
      ["email-2", "next", "tag nurture-2 added", iso(T0 + 3 * DAY)],
      ["done", "end", "end", iso(T0 + 3 * DAY)],
    ]);
    expect(run.path[0]).toMatchObject({ label: "Already MQL?", to: "email-1" });
    expect(run.path[0].reason).toContain("lead");
    expect(run.path[2].until).toBe(iso(T0 + 3 * DAY));
    expect(res.body.effects).toEqual([
      { at: iso(T0), name: "tag.added", properties: { tag: "nurture-1" } },
      { at: iso(T0 + 3 * DAY), name: "tag.added", properties: { tag: "nurture-2" } },
    ]);
    expect(res.body.contact).toMatchObject({ id: lead.id, tags: ["nurture-1", "nurture-2"] });
  });

  it("stops an MQL at once, the reason naming the stage", async () => {
    const mql = await contact({ email: "mql@sim.test", lifecycleStage: "mql" });
    const res = await simulate({ contact: { email: "MQL@sim.test" } });
    const [run] = res.body.runs;
    expect(run.path.map((s: Step) => s.nodeId)).toEqual(["already-mql", "done"]);
    expect(run.path[0]).toMatchObject({ decision: "yes", at: iso(T0) });
    expect(run.path[0].reason).toContain("mql");
    expect(run.path[0].verdict).toMatchObject({ matched: true });
    expect(res.body).toMatchObject({ effects: [], contact: { id: mql.id, tags: [] }, endedAt: iso(T0) });
  });

  it("changes the path when a timeline event changes the stage between the delays", async () => {
    const res = await simulate({
      contact: { inline: { email: "made-up@sim.test", lifecycleStage: "lead", properties: { plan: "trial" } } },
      startAt: "2026-03-02T08:00:00Z",
      timeline: [
        { at: { after: { amount: 1, unit: "days" } }, event: { type: "track", name: "Demo Booked", properties: { seats: 5 } } },
        { at: { after: { amount: 1, unit: "hours" } }, event: { type: "lifecycle.changed", stage: "mql" } },
      ],
    });
    expect(res.status).toBe(200);
    const start = Date.parse("2026-03-02T08:00:00Z");
    expect(res.body.timeline.map((e: { at: string }) => e.at)).toEqual([iso(start + DAY), iso(start + DAY + 3600_000)]);
    const [run] = res.body.runs;
    expect(path(run).map(([id, , decision]) => [id, decision])).toEqual([
      ["already-mql", "no"],
      ["email-1", "tag nurture-1 added"],
      ["wait-3-days", expect.stringContaining("until")],
      ["still-below-mql", "yes"],
      ["done", "end"],
    ]);
    expect(run.path[3].at).toBe(iso(start + 3 * DAY));
    // The timeline's own changes are not the run's effects.
    expect(res.body.effects.map((e: { name: string }) => e.name)).toEqual(["tag.added"]);
    expect(res.body.contact).toMatchObject({ email: "made-up@sim.test", lifecycleStage: "mql", properties: { plan: "trial" } });
  });

  it("explains a refused entry, and enrols on a trigger fired by the timeline", async () => {
    await contact({ email: "fr@sim.test", properties: { country: "FR" } });
    const filtered = {
      ...nurturing,
      triggers: [{ type: "event", name: "Signed Up" }],
      entry: { filter: { type: "property", property: "country", op: "equals", value: "FR" } },
    };
    const refused = await simulate({ definition: filtered, contact: { inline: { properties: { country: "DE" } } } });
    expect(refused.body).toMatchObject({ enrolled: false, runs: [] });
    expect(refused.body.reason).toContain("entry filter");
    expect(refused.body.reason).toContain("country");

    const bySignup = await simulate({
      definition: filtered,
      enrol: "triggers",
      contact: { inline: { properties: { country: "FR" } } },
      timeline: [{ at: { after: { amount: 2, unit: "hours" } }, event: { type: "track", name: "Signed Up" } }],
    });
    expect(bySignup.body).toMatchObject({ enrolled: true, enrolments: [{ enrolled: true, at: iso(T0 + 2 * 3600_000) }] });
    expect(bySignup.body.runs[0].startedAt).toBe(iso(T0 + 2 * 3600_000));
    const quiet = await simulate({ definition: filtered, enrol: "triggers", contact: { inline: {} } });
    expect(quiet.body).toMatchObject({ enrolled: false, reason: "no timeline event fired one of the workflow's triggers" });
  });

  it("plays a wait-for step: the click a day later takes the clicked branch, silence takes the timeout", async () => {
    const guide = {
      version: 1,
      triggers: [{ type: "api" }],
      goal: { name: "Customer", rule: { type: "lifecycle", op: "at_least", stage: "customer" } },
      start: "wait-click",
      nodes: [
        { id: "wait-click", type: "wait_for", for: { kind: "event", event: { type: "event", name: "Guide Opened" } }, timeout: { amount: 2, unit: "days" }, next: "thanks", timeoutNext: "reminder" },
        { id: "thanks", type: "action", action: { kind: "add_tag", tag: "read-guide" }, next: "later" },
        { id: "reminder", type: "action", action: { kind: "add_tag", tag: "reminded" }, next: "later" },
        { id: "later", type: "delay", wait: { kind: "duration", duration: { amount: 5, unit: "days" } }, next: "done" },
        { id: "done", type: "end" },
      ],
    };
    const clicked = await simulate({
      definition: guide,
      contact: { inline: { lifecycleStage: "lead" } },
      timeline: [
        { at: { after: { amount: 1, unit: "days" } }, event: { type: "track", name: "Guide Opened", properties: {} } },
        { at: { after: { amount: 1, unit: "days" } }, event: { type: "lifecycle.changed", stage: "customer" } },
      ],
    });
    const [run] = clicked.body.runs;
    expect(path(run)).toEqual([
      ["wait-click", "waitFor", expect.stringContaining("waiting until"), iso(T0)],
      ["wait-click", "next", "event received", iso(T0 + DAY)],
      ["thanks", "next", "tag read-guide added", iso(T0 + DAY)],
      ["later", "wait", expect.stringContaining("until"), iso(T0 + DAY)],
      ["$goal", "end", 'goal "Customer" reached', iso(T0 + 2 * DAY)],
    ]);
    expect(run.status).toBe("converted");

    const silent = await simulate({ definition: guide, contact: { inline: { lifecycleStage: "lead" } } });
    expect(path(silent.body.runs[0]).slice(0, 3)).toEqual([
      ["wait-click", "waitFor", expect.stringContaining("waiting until"), iso(T0)],
      ["wait-click", "next", "timed out", iso(T0 + 2 * DAY)],
      ["reminder", "next", "tag reminded added", iso(T0 + 2 * DAY)],
    ]);
  });

  it("simulates a published version with ?version=N, and sends a webhook step nowhere", async () => {
    expect((await t.request("POST", `/api/v1/workflows/${workflowId}/publish`)).status).toBe(200);
    const lead = await contact({ email: "versioned@sim.test", lifecycleStage: "lead" });
    const res = await simulate({ contact: { id: lead.id } }, "?version=1");
    expect(res.body.runs[0]).toMatchObject({ version: 1, status: "completed" });
    const hook = {
      version: 1,
      triggers: [{ type: "api" }],
      start: "hook",
      nodes: [
        { id: "hook", type: "action", action: { kind: "webhook", url: "http://127.0.0.1:9/hook" }, next: "end" },
        { id: "end", type: "end" },
      ],
    };
    const failed = await simulate({ definition: hook, contact: { id: lead.id } });
    // Sent nowhere: the unreachable URL would fail a live run, the simulated one goes on.
    expect(failed.body.runs[0]).toMatchObject({ status: "completed" });
    expect(path(failed.body.runs[0]).map(([node, outcome, decision]) => [node, outcome, decision])).toEqual([
      ["hook", "await", expect.any(String)],
      ["hook", "delivered", "delivered via nowhere (simulation) in 0 ms"],
      ["end", "end", "end"],
    ]);
  });

  it("counts the contact's stored events together with the timeline's", async () => {
    const basic = `Basic ${Buffer.from(`${t.writeKey}:`).toString("base64")}`;
    const track = (event: string) => t.request("POST", "/v1/track", { auth: null, headers: { authorization: basic }, body: { userId: "pricing-fan", event } });
    expect((await track("Viewed Pricing")).status).toBe(200);
    await track("Viewed Docs");
    const fan = (await t.request("GET", "/api/v1/contacts?externalId=pricing-fan")).body.data[0];
    const definition = {
      version: 1,
      triggers: [{ type: "api" }],
      start: "keen",
      nodes: [
        { id: "keen", type: "condition", rule: { type: "event", name: "Viewed Pricing", count: { op: "gte", value: 2 }, within: { amount: 7, unit: "days" } }, yes: "hot", no: "done" },
        { id: "hot", type: "action", action: { kind: "add_tag", tag: "hot" }, next: "done" },
        { id: "done", type: "end" },
      ],
    };
    const once = await simulate({ definition, contact: { id: fan.id } });
    expect(once.body.runs[0].path[0]).toMatchObject({ decision: "no" });
    const twice = await simulate({ definition, contact: { id: fan.id }, timeline: [{ event: { type: "track", name: "Viewed Pricing" } }], enrol: "start" });
    // Enrolled at the start, before the second view: the condition ran then.
    expect(twice.body.runs[0].path[0]).toMatchObject({ decision: "no" });
    const later = await simulate({ definition: { ...definition, start: "pause", nodes: [{ id: "pause", type: "delay", wait: { kind: "duration", duration: { amount: 1, unit: "hours" } }, next: "keen" }, ...definition.nodes] }, contact: { id: fan.id }, timeline: [{ at: { after: { amount: 30, unit: "minutes" } }, event: { type: "track", name: "Viewed Pricing" } }] });
    expect(later.body.runs[0].path[1]).toMatchObject({ nodeId: "keen", decision: "yes" });
  });

  it("leaves the real store unchanged", async () => {
    const real = await contact({ email: "untouched@sim.test", lifecycleStage: "lead" });
    const timelineBefore = (await t.request("GET", `/api/v1/contacts/${real.id}/timeline?limit=100`)).body.data;
    const res = await simulate({
      contact: { id: real.id },
      timeline: [
        { event: { type: "tag.added", tag: "vip" } },
        { at: { after: { amount: 1, unit: "days" } }, event: { type: "identify", properties: { plan: "pro" } } },
        { event: { type: "score.changed", delta: 10 } },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.contact).toMatchObject({ tags: ["nurture-1", "nurture-2", "vip"], score: 10, properties: { plan: "pro" } });
    const after = (await t.request("GET", `/api/v1/contacts/${real.id}`)).body;
    expect(after).toMatchObject({ tags: [], score: 0, properties: {} });
    expect((await t.request("GET", `/api/v1/contacts/${real.id}/timeline?limit=100`)).body.data).toEqual(timelineBefore);
    expect((await t.request("GET", `/api/v1/contacts/${real.id}/runs`)).body.data).toEqual([]);
    expect((await t.request("GET", "/api/v1/contacts?email=made-up@sim.test")).body.data).toEqual([]);
    expect(t.clock.now()).toBe(T0);
  });

  it("answers bad input with 400 naming the field", async () => {
    const cases: [unknown, string][] = [
      [{ timeline: [] }, "contact"],
      [{ contact: { inline: { lifecycleStage: "astronaut" } } }, "contact.inline.lifecycleStage"],
      [{ contact: { id: "nobody" } }, "contact.id"],
      [{ contact: { inline: {} }, timeline: [{ event: { type: "teleport" } }] }, "timeline.0.event.type"],
      [{ contact: { inline: {} }, startAt: "yesterday" }, "startAt"],
      [{ contact: { inline: {} }, timeline: [{ at: "2020-01-01T00:00:00Z", event: { type: "track", name: "x" } }] }, "timeline.0.at"],
      [{ contact: { inline: {} }, timeline: [{ event: { type: "list.joined", listId: "no-such-list" } }] }, "timeline.0.event.listId"],
      [{ contact: { inline: {} }, timeline: Array.from({ length: 501 }, () => ({ event: { type: "track", name: "x" } })) }, "timeline"],
      [{ contact: { inline: {} }, horizon: { amount: 20, unit: "months" }, startAt: "2026-01-01T00:00:00Z", timeline: [{ at: "2035-06-01T00:00:00Z", event: { type: "track", name: "x" } }] }, "horizon"],
    ];
    for (const [body, field] of cases) {
      const res = await simulate(body);
      expect(res.status, field).toBe(400);
      expect(res.headers["content-type"], field).toContain("application/problem+json");
      expect(res.body.errors.map((e: { field: string }) => e.field), field).toContain(field);
    }
    const invalid = await simulate({ definition: { ...nurturing, start: "nowhere" }, contact: { inline: {} } });
    expect(invalid.status).toBe(422);
    expect(invalid.body.errors[0].field).toMatch(/^definition/);
    expect((await t.request("POST", "/api/v1/workflows/nope/simulate", { body: { contact: { inline: {} } } })).status).toBe(404);
  });
});
