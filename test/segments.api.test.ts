import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

const DAY = 86_400_000;

describe.each(dialects)("dynamic segments on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  const contact = async (body: Record<string, unknown>) => (await t.request("POST", "/api/v1/contacts", { body })).body.id as string;
  const track = (userId: string, event: string, properties: Record<string, unknown> = {}) =>
    t.request("POST", "/v1/track", { body: { userId, event, properties }, auth: t.writeKey });
  const advance = (ms: number) => t.request("POST", "/api/v1/test-clock/advance", { body: { ms } });
  const segment = async (name: string, rule: unknown, extra: Record<string, unknown> = {}) => {
    const res = await t.request("POST", "/api/v1/segments", { body: { name, rule, ...extra } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  const members = async (id: string) => ((await t.request("GET", `/api/v1/segments/${id}/members?limit=500`)).body.data as { id: string }[]).map((c) => c.id).sort();
  const segmentEvents = async (contactId: string) =>
    ((await t.request("GET", `/api/v1/contacts/${contactId}/timeline?kind=internal&limit=500`)).body.data as { name: string; properties: { segmentId?: string } }[])
      .filter((e) => e.name.startsWith("segment."))
      .map((e) => `${e.name} ${e.properties.segmentId}`);

  it("previews a rule: how many contacts match and the first of them, saving nothing", async () => {
    const ada = await contact({ email: "ada@preview.example", properties: { plan: "Pro", seats: 12 }, tags: ["preview"] });
    await contact({ email: "bob@preview.example", properties: { plan: "free", seats: 1 }, tags: ["preview"] });
    const rule = { type: "all", rules: [{ type: "tag", op: "has", tag: "preview" }, { type: "property", property: "plan", op: "equals", value: "Pro" }] };
    const res = await t.request("POST", "/api/v1/segments/preview", { body: { rule, sampleSize: 5 } });
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(1);
    expect(res.body.sample.map((c: { id: string }) => c.id)).toEqual([ada]);
    expect((await t.request("GET", "/api/v1/segments")).body.data).toEqual([]);
  });

  it("refuses a bad rule with the path of the bad node", async () => {
    const bad = async (rule: unknown) => {
      const res = await t.request("POST", "/api/v1/segments", { body: { name: "Bad", rule } });
      expect(res.status).toBe(400);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      return JSON.stringify(res.body);
    };
    expect(await bad({ type: "all", rules: [{ type: "tag", op: "has", tag: "x" }, { type: "list", op: "member", listId: "nope" }] })).toContain("rule.rules.1.listId");
    expect(await bad({ type: "any", rules: [{ type: "engagement", action: "clicked", nodeId: "welcome" }] })).toContain("rule.rules.0.nodeId");
    expect(await bad({ type: "lifecycle", op: "at_least", stage: "wizard" })).toContain("rule.stage");
    expect(await bad({ type: "not", rule: { type: "segment", op: "member", segmentId: "missing" } })).toContain("rule.rule.segmentId");
    expect(await bad({ type: "property", property: "plan", op: "in", value: "pro" })).toContain("value");
  });

  it("computes the members in the background, with segment.entered and history", async () => {
    const vip = await contact({ email: "vip@compute.example", tags: ["compute", "vip"] });
    await contact({ email: "other@compute.example", tags: ["compute"] });
    const id = await segment("VIPs", { type: "all", rules: [{ type: "tag", op: "has", tag: "compute" }, { type: "tag", op: "has", tag: "vip" }] });
    expect((await t.request("GET", `/api/v1/segments/${id}`)).body.status).toBe("building");
    await t.engine.runDue();
    const read = (await t.request("GET", `/api/v1/segments/${id}`)).body;
    expect(read).toMatchObject({ status: "ready", memberCount: 1, computedAt: expect.any(String), refreshEvery: null });
    expect(await members(id)).toEqual([vip]);
    expect(await segmentEvents(vip)).toEqual([`segment.entered ${id}`]);
    const history = (await t.request("GET", `/api/v1/segments/${id}/history`)).body.data;
    expect(history).toEqual([{ id: expect.any(String), contactId: vip, email: "vip@compute.example", kind: "entered", at: new Date(t.clock.now()).toISOString() }]);
  });

  it("updates one contact's membership as its data changes, without a recompute", async () => {
    const id = await segment("Pricing visitors", {
      type: "event",
      name: "Page Viewed",
      filters: [{ property: "url", op: "contains", value: "/pricing" }],
      count: { op: "gte", value: 2 },
      within: { amount: 7, unit: "days" },
    }, { refreshEvery: { amount: 6, unit: "hours" } });
    await t.engine.runDue();
    const ada = await contact({ externalId: "ada-pricing" });
    await track("ada-pricing", "Page Viewed", { url: "https://shop.example/pricing" });
    expect(await members(id)).toEqual([]);
    await track("ada-pricing", "Page Viewed", { url: "https://shop.example/PRICING?plan=pro" });
    expect(await members(id)).toEqual([ada]);
    expect(await segmentEvents(ada)).toEqual([`segment.entered ${id}`]);

    expect((await t.request("GET", `/api/v1/segments/${id}`)).body.refreshEvery).toEqual({ amount: 360, unit: "minutes" });
    // Eight days later the visits are out of the window: the refresh lets her leave, no event needed.
    await advance(8 * DAY);
    expect(await members(id)).toEqual([]);
    expect(await segmentEvents(ada)).toEqual([`segment.exited ${id}`, `segment.entered ${id}`]);
  });

  it("follows tags, properties and stages as they change, and segments of segments with them", async () => {
    const leads = await segment("Hot leads", { type: "all", rules: [{ type: "lifecycle", op: "at_least", stage: "mql" }, { type: "property", property: "seats", op: "gte", value: 10 }] });
    const vipLeads = await segment("VIP hot leads", { type: "all", rules: [{ type: "segment", op: "member", segmentId: leads }, { type: "tag", op: "has", tag: "vip-lead" }] });
    await t.engine.runDue();
    const bea = await contact({ email: "bea@follow.example", properties: { seats: 3 }, lifecycleStage: "lead", tags: ["vip-lead"] });
    expect(await members(leads)).toEqual([]);
    await t.request("PATCH", `/api/v1/contacts/${bea}`, { body: { lifecycleStage: "mql", properties: { seats: 40 } } });
    expect(await members(leads)).toEqual([bea]);
    expect(await members(vipLeads)).toEqual([bea]);
    await t.request("PATCH", `/api/v1/contacts/${bea}`, { body: { properties: { seats: 2 } } });
    expect(await members(leads)).toEqual([]);
    expect(await members(vipLeads)).toEqual([]);
  });

  it("recomputes every member when the rule changes", async () => {
    const a = await contact({ email: "a@change.example", properties: { plan: "pro" }, tags: ["change"] });
    const b = await contact({ email: "b@change.example", properties: { plan: "free" }, tags: ["change"] });
    const id = await segment("By plan", { type: "all", rules: [{ type: "tag", op: "has", tag: "change" }, { type: "property", property: "plan", op: "equals", value: "pro" }] });
    await t.engine.runDue();
    expect(await members(id)).toEqual([a]);
    const res = await t.request("PATCH", `/api/v1/segments/${id}`, { body: { rule: { type: "all", rules: [{ type: "tag", op: "has", tag: "change" }, { type: "property", property: "plan", op: "equals", value: "free" }] } } });
    expect(res.body.status).toBe("building");
    await t.engine.runDue();
    expect(await members(id)).toEqual([b]);
    const kinds = (await t.request("GET", `/api/v1/segments/${id}/history`)).body.data.map((h: { contactId: string; kind: string }) => `${h.kind} ${h.contactId === a ? "a" : "b"}`);
    expect(kinds.sort()).toEqual(["entered a", "entered b", "exited a"]);
  });

  it("rejects a cycle and refuses to delete a segment another one reads", async () => {
    const base = await segment("Base", { type: "tag", op: "has", tag: "base" });
    const top = await segment("Top", { type: "segment", op: "member", segmentId: base });
    const cycle = await t.request("PATCH", `/api/v1/segments/${base}`, { body: { rule: { type: "any", rules: [{ type: "segment", op: "member", segmentId: top }] } } });
    expect(cycle.status).toBe(400);
    expect(JSON.stringify(cycle.body)).toContain("rule.rules.0.segmentId");
    const self = await t.request("PATCH", `/api/v1/segments/${base}`, { body: { rule: { type: "segment", op: "member", segmentId: base } } });
    expect(self.status).toBe(400);
    expect((await t.request("DELETE", `/api/v1/segments/${base}`)).status).toBe(409);
    expect((await t.request("DELETE", `/api/v1/segments/${top}`)).status).toBe(204);
    expect((await t.request("DELETE", `/api/v1/segments/${base}`)).status).toBe(204);
    expect((await t.request("GET", `/api/v1/segments/${base}`)).status).toBe(404);
  });

  it("starts the workflows triggered by entering the segment", async () => {
    const id = await segment("Trial ending", { type: "tag", op: "has", tag: "trial-ending" });
    await t.engine.runDue();
    const workflow = await t.request("POST", "/api/v1/workflows", {
      body: { name: "Save the trial", definition: { version: 1, triggers: [{ type: "segment.entered", segmentId: id }], start: "tag", nodes: [{ id: "tag", type: "action", action: { kind: "add_tag", tag: "saved" }, next: "done" }, { id: "done", type: "end" }] } },
    });
    expect(workflow.status, JSON.stringify(workflow.body)).toBe(201);
    expect((await t.request("POST", `/api/v1/workflows/${workflow.body.id}/publish`)).status).toBe(200);
    const cid = await contact({ email: "trial@enter.example", tags: ["trial-ending"] });
    await t.engine.runDue();
    expect((await t.request("GET", `/api/v1/contacts/${cid}`)).body.tags).toContain("saved");
  });
});
