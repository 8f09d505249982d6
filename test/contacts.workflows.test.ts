import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

describe.each(dialects)("why a contact is or is not in a workflow, on %s", (dialect) => {
  let t: TestApp;
  let onceId: string;
  let leadsId: string;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    const once = { version: 1, triggers: [{ type: "api" }], entry: { reEnrolment: { mode: "never" } }, start: "done", nodes: [{ id: "done", type: "end" }] };
    onceId = (await t.request("POST", "/api/v1/workflows", { body: { name: "Welcome", definition: once } })).body.id;
    await t.request("POST", `/api/v1/workflows/${onceId}/publish`);
    const leads = { ...once, entry: { filter: { type: "lifecycle", op: "is", stage: "lead" } } };
    leadsId = (await t.request("POST", "/api/v1/workflows", { body: { name: "Leads only", definition: leads } })).body.id;
    await t.request("POST", `/api/v1/workflows/${leadsId}/publish`);
  });
  afterAll(async () => t?.close());

  const enrol = (workflowId: string, contactId: string) => t.request("POST", `/api/v1/workflows/${workflowId}/enrol`, { body: { contactId } });
  const advance = (ms: number) => t.request("POST", "/api/v1/test-clock/advance", { body: { ms } });

  it("lists the enrolment with its run, then the refusals with their reasons, newest first", async () => {
    const c = (await t.request("POST", "/api/v1/contacts", { body: { email: "why@example.com", lifecycleStage: "subscriber" } })).body.id;
    const first = (await enrol(onceId, c)).body;
    await advance(1000);
    await enrol(onceId, c);
    await advance(1000);
    await enrol(leadsId, c);

    const res = await t.request("GET", `/api/v1/contacts/${c}/workflows`);
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.data).toEqual([
      {
        decision: "not_enrolled",
        eventId: expect.any(String),
        at: new Date(t.clock.now()).toISOString(),
        workflowId: leadsId,
        workflowName: "Leads only",
        trigger: { type: "api" },
        reason: expect.stringContaining("the entry filter did not match"),
      },
      {
        decision: "not_enrolled",
        eventId: expect.any(String),
        at: expect.any(String),
        workflowId: onceId,
        workflowName: "Welcome",
        trigger: { type: "api" },
        reason: "the contact already went through this workflow, and it does not re-enrol",
      },
      {
        decision: "enrolled",
        eventId: expect.any(String),
        at: expect.any(String),
        workflowId: onceId,
        workflowName: "Welcome",
        trigger: { type: "api" },
        run: expect.objectContaining({ id: first.runId, status: "completed", version: 1, nodeId: null }),
      },
    ]);

    const page1 = await t.request("GET", `/api/v1/contacts/${c}/workflows?limit=2`);
    expect(page1.body.data.map((d: { decision: string }) => d.decision)).toEqual(["not_enrolled", "not_enrolled"]);
    const page2 = await t.request("GET", `/api/v1/contacts/${c}/workflows?limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body).toEqual({ data: [expect.objectContaining({ decision: "enrolled", run: expect.objectContaining({ id: first.runId }) })], nextCursor: null });
  });

  it("shows a run in flight where it is now", async () => {
    const c = (await t.request("POST", "/api/v1/contacts", { body: { lifecycleStage: "lead" } })).body.id;
    const enrolled = (await enrol(leadsId, c)).body;
    const [entry] = (await t.request("GET", `/api/v1/contacts/${c}/workflows`)).body.data;
    expect(entry).toMatchObject({ decision: "enrolled", workflowName: "Leads only", run: { id: enrolled.runId, status: "running", nodeId: "done" } });
  });

  it("404s an unknown contact and names a bad query field", async () => {
    expect((await t.request("GET", "/api/v1/contacts/nope/workflows")).status).toBe(404);
    const bad = await t.request("GET", "/api/v1/contacts/nope/workflows?limit=0");
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("limit");
    expect((await t.request("GET", "/api/v1/contacts/nope/workflows?colour=blue")).status).toBe(400);
  });
});
