import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LIFECYCLE_STAGES } from "../src/schemas/workspace.js";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

describe.each(dialects)("lifecycle presets, history and funnel on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  /** Fresh apps for tests that need a workspace of their own (another funnel, other stages). */
  const others: TestApp[] = [];
  afterAll(async () => {
    await t?.close();
    for (const o of others) await o.close();
  });

  const contact = async (body: Record<string, unknown> = {}) => (await t.request("POST", "/api/v1/contacts", { body })).body.id as string;
  const setStage = async (id: string, lifecycleStage: string | null) => {
    const res = await t.request("PATCH", `/api/v1/contacts/${id}`, { body: { lifecycleStage } });
    expect(res.status).toBe(200);
  };
  const history = async (id: string) => (await t.request("GET", `/api/v1/contacts/${id}/lifecycle`)).body;
  const putStages = (body: unknown) => t.request("PUT", "/api/v1/workspace/lifecycle-stages", { body });
  const publish = async (definition: unknown): Promise<string> => {
    const created = await t.request("POST", "/api/v1/workflows", { body: { name: `Workflow ${Math.random()}`, definition } });
    expect(created.status).toBe(201);
    expect((await t.request("POST", `/api/v1/workflows/${created.body.id}/publish`)).status).toBe(200);
    return created.body.id;
  };
  const setByWorkflow = (stage: string, forwardOnly?: boolean) => ({
    version: 1,
    triggers: [{ type: "api" }],
    entry: { reEnrolment: { mode: "always" } },
    start: "set",
    nodes: [
      { id: "set", type: "action", action: { kind: "set_lifecycle_stage", stage, ...(forwardOnly ? { forwardOnly } : {}) }, next: "done" },
      { id: "done", type: "end" },
    ],
  });
  const runWorkflow = async (workflowId: string, contactId: string) => {
    const enrolled = await t.request("POST", `/api/v1/workflows/${workflowId}/enrol`, { body: { contactId } });
    expect(enrolled.status).toBeLessThan(300);
    await t.request("POST", "/api/v1/test-clock/advance", { body: { ms: 0 } });
    return (await t.request("GET", `/api/v1/runs/${enrolled.body.runId}`)).body;
  };

  describe("presets", () => {
    it("lists b2b (the default), aida and aarrr with ids and labels", async () => {
      const res = await t.request("GET", "/api/v1/lifecycle-presets");
      expect(res.status).toBe(200);
      expect(res.body.data.map((p: { id: string }) => p.id)).toEqual(["b2b", "aida", "aarrr"]);
      expect(res.body.data[0].stages).toEqual(DEFAULT_LIFECYCLE_STAGES);
      expect(res.body.data[1].stages.map((s: { id: string }) => s.id)).toEqual(["awareness", "interest", "desire", "action"]);
      expect(res.body.data[2].stages.map((s: { id: string }) => s.id)).toEqual(["acquisition", "activation", "retention", "referral", "revenue"]);
    });

    it("adopts a preset, refuses one that would orphan contacts (naming the stage), and rejects bad bodies", async () => {
      const ws = await startTestApp(dialect);
      others.push(ws);
      const aida = await ws.request("PUT", "/api/v1/workspace/lifecycle-stages", { body: { preset: "aida" } });
      expect(aida.status).toBe(200);
      expect(aida.body.settings.lifecycleStages.map((s: { id: string }) => s.id)).toEqual(["awareness", "interest", "desire", "action"]);
      await ws.request("POST", "/api/v1/contacts", { body: { lifecycleStage: "desire" } });
      const refused = await ws.request("PUT", "/api/v1/workspace/lifecycle-stages", { body: { preset: "aarrr" } });
      expect(refused.status).toBe(409);
      expect(refused.body.detail).toContain('"desire" (1 contacts)');
      for (const bad of [{ preset: "nope" }, {}, { preset: "aida", lifecycleStages: DEFAULT_LIFECYCLE_STAGES }]) {
        const res = await ws.request("PUT", "/api/v1/workspace/lifecycle-stages", { body: bad });
        expect(res.status).toBe(400);
        expect(res.body.errors[0].field).toMatch(/^(body\.)?(preset|lifecycleStages)$/);
      }
    });
  });

  describe("history", () => {
    it("records API and workflow changes with their causes, newest first", async () => {
      const id = await contact({ lifecycleStage: "lead" });
      t.clock.advance(HOUR);
      await setStage(id, "mql");
      const wf = await publish(setByWorkflow("customer"));
      t.clock.advance(HOUR);
      const run = await runWorkflow(wf, id);
      expect(run.status).toBe("completed");
      const res = await history(id);
      expect(res.data).toEqual([
        { id: expect.any(String), from: "mql", to: "customer", cause: { kind: "workflow", detail: { workflowId: wf, version: 1, runId: run.id, nodeId: "set" } }, changedAt: iso(t.clock.now()) },
        { id: expect.any(String), from: "lead", to: "mql", cause: { kind: "api", detail: null }, changedAt: iso(t.clock.now() - HOUR) },
        { id: expect.any(String), from: null, to: "lead", cause: { kind: "api", detail: null }, changedAt: iso(t.clock.now() - 2 * HOUR) },
      ]);
      // Each entry is the lifecycle.changed event of the contact's timeline.
      const timeline = (await t.request("GET", `/api/v1/contacts/${id}/timeline?name=lifecycle.changed`)).body.data;
      expect(timeline.map((e: { id: string }) => e.id)).toEqual(res.data.map((e: { id: string }) => e.id));
    });

    it("pages with a cursor, and answers 404 for an unknown contact", async () => {
      const id = await contact({ lifecycleStage: "subscriber" });
      for (const s of ["lead", "mql", "sql"]) {
        t.clock.advance(1000);
        await setStage(id, s);
      }
      const first = (await t.request("GET", `/api/v1/contacts/${id}/lifecycle?limit=3`)).body;
      expect(first.data.map((e: { to: string }) => e.to)).toEqual(["sql", "mql", "lead"]);
      const next = (await t.request("GET", `/api/v1/contacts/${id}/lifecycle?limit=3&cursor=${first.nextCursor}`)).body;
      expect(next).toEqual({ data: [expect.objectContaining({ to: "subscriber" })], nextCursor: null });
      expect((await t.request("GET", "/api/v1/contacts/nope/lifecycle")).status).toBe(404);
    });
  });

  describe("forward-only changes", () => {
    it("moves forward, and refuses to move a contact at a later stage back, saying why", async () => {
      const forward = await publish(setByWorkflow("mql", true));
      const moved = await contact({ lifecycleStage: "lead" });
      const movedRun = await runWorkflow(forward, moved);
      expect(movedRun.steps[0].record.record).toEqual({ decision: "lifecycle stage mql" });
      expect((await t.request("GET", `/api/v1/contacts/${moved}`)).body.lifecycleStage).toBe("mql");

      const later = await contact({ lifecycleStage: "customer" });
      const keptRun = await runWorkflow(forward, later);
      expect(keptRun.steps[0].record.record).toEqual({ decision: "lifecycle stage kept at customer", reason: "already at customer, a later stage than mql" });
      expect((await t.request("GET", `/api/v1/contacts/${later}`)).body.lifecycleStage).toBe("customer");
      expect((await history(later)).data).toHaveLength(1);

      // A person or an API call may still move it back.
      await setStage(later, "lead");
      expect((await history(later)).data[0]).toMatchObject({ from: "customer", to: "lead", cause: { kind: "api" } });
    });
  });

  describe("funnel report", () => {
    it("counts current contacts, entries, conversions and time in stage over a known dataset", async () => {
      const ws = await startTestApp(dialect);
      others.push(ws);
      const start = ws.clock.now();
      const mk = async (stage: string) => (await ws.request("POST", "/api/v1/contacts", { body: { lifecycleStage: stage } })).body.id as string;
      const move = (id: string, lifecycleStage: string | null) => ws.request("PATCH", `/api/v1/contacts/${id}`, { body: { lifecycleStage } });
      // a: lead → (2h) mql → (4h) customer, skipping sql and opportunity
      // b: lead → (4h) mql, still there
      // c: lead, still there
      const a = await mk("lead");
      const b = await mk("lead");
      await mk("lead");
      ws.clock.advance(2 * HOUR);
      await move(a, "mql");
      ws.clock.advance(2 * HOUR);
      await move(b, "mql");
      ws.clock.advance(2 * HOUR);
      await move(a, "customer");
      ws.clock.advance(HOUR);
      const end = ws.clock.now();

      const res = await ws.request("GET", `/api/v1/reports/funnel?from=${iso(start)}&to=${iso(end)}`);
      expect(res.status).toBe(200);
      expect(res.body.stages.map((s: { stage: string }) => s.stage)).toEqual(DEFAULT_LIFECYCLE_STAGES.map((s) => s.id));
      const by = Object.fromEntries(res.body.stages.map((s: { stage: string }) => [s.stage, s]));
      expect(by.lead).toEqual({
        stage: "lead",
        label: "Lead",
        current: 1,
        entered: 3,
        reachedNext: 2,
        reachedLater: 2,
        conversion: { next: 2 / 3, later: 2 / 3 },
        timeInStage: { completedStays: 2, stillInStage: 1, medianMs: 3 * HOUR, averageMs: 3 * HOUR },
      });
      expect(by.mql).toMatchObject({
        current: 1,
        entered: 2,
        reachedNext: 0,
        reachedLater: 1,
        conversion: { next: 0, later: 0.5 },
        timeInStage: { completedStays: 1, stillInStage: 1, medianMs: 4 * HOUR, averageMs: 4 * HOUR },
      });
      expect(by.customer).toMatchObject({ current: 1, entered: 1, reachedNext: 0, reachedLater: 0, timeInStage: { completedStays: 0, stillInStage: 1, medianMs: null } });
      expect(by.sql).toMatchObject({ current: 0, entered: 0, conversion: { next: null, later: null } });

      // Follow-ups count up to the period's end: cut at 5h, a's move to customer has not happened.
      const early = (await ws.request("GET", `/api/v1/reports/funnel?from=${iso(start)}&to=${iso(start + 5 * HOUR)}`)).body;
      const mqlEarly = early.stages.find((s: { stage: string }) => s.stage === "mql");
      expect(mqlEarly).toMatchObject({ entered: 2, reachedLater: 0, timeInStage: { completedStays: 0, stillInStage: 2 } });
      // An even number of stays: the median is the mean of the two middle ones.
      const leadEarly = early.stages.find((s: { stage: string }) => s.stage === "lead");
      expect(leadEarly.timeInStage).toEqual({ completedStays: 2, stillInStage: 1, medianMs: 3 * HOUR, averageMs: 3 * HOUR });
      // A period after everything: nobody entered anything.
      const later = (await ws.request("GET", `/api/v1/reports/funnel?from=${iso(end)}&to=${iso(end + DAY)}`)).body;
      expect(later.stages.every((s: { entered: number }) => s.entered === 0)).toBe(true);
    });

    it("rejects a period that ends before it starts, or a malformed time, naming the field", async () => {
      for (const q of ["from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from=yesterday"]) {
        const res = await t.request("GET", `/api/v1/reports/funnel?${q}`);
        expect(res.status).toBe(400);
        expect(res.headers["content-type"]).toContain("application/problem+json");
        expect(res.body.errors[0].field).toMatch(/^(query\.)?from$/);
      }
    });
  });
});
