import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";
import { startHttpSink } from "./support/http-sink.js";

const DAY = 24 * 3600 * 1000;

/** Nurturing, as the seed describes it: stop at MQL or later, else tag, wait 3 days, check again. */
const nurturing = (secondTag: string) => ({
  version: 1,
  triggers: [{ type: "api" }],
  start: "already-mql",
  nodes: [
    { id: "already-mql", type: "condition", rule: { type: "lifecycle", op: "at_least", stage: "mql" }, yes: "done", no: "email-1" },
    { id: "email-1", type: "action", action: { kind: "add_tag", tag: "nurture-1" }, next: "wait-3-days" },
    { id: "wait-3-days", type: "delay", wait: { kind: "duration", duration: { amount: 3, unit: "days" } }, next: "still-below-mql" },
    { id: "still-below-mql", type: "condition", rule: { type: "lifecycle", op: "at_least", stage: "mql" }, yes: "done", no: "email-2" },
    { id: "email-2", type: "action", action: { kind: "add_tag", tag: secondTag }, next: "done" },
    { id: "done", type: "end" },
  ],
});

describe.each(dialects)("workflow runs on %s", (dialect) => {
  let t: TestApp;
  let workflowId: string;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    const created = await t.request("POST", "/api/v1/workflows", { body: { name: "Nurturing", definition: nurturing("nurture-2") } });
    expect(created.status).toBe(201);
    workflowId = created.body.id;
    expect((await t.request("POST", `/api/v1/workflows/${workflowId}/publish`)).status).toBe(200);
  });
  afterAll(async () => t?.close());

  const contact = async (email: string, lifecycleStage: string) => (await t.request("POST", "/api/v1/contacts", { body: { email, lifecycleStage } })).body;
  const enrol = async (contactId: string, id = workflowId) => (await t.request("POST", `/api/v1/workflows/${id}/enrol`, { body: { contactId } })).body;
  const advance = async (ms: number) => (await t.request("POST", "/api/v1/test-clock/advance", { body: { ms } })).body;
  const tagsOf = async (id: string) => (await t.request("GET", `/api/v1/contacts/${id}`)).body.tags;
  const run = async (id: string) => (await t.request("GET", `/api/v1/runs/${id}`)).body;

  it("takes a lead through the sequence on the test clock, explaining every decision", async () => {
    const lead = await contact("lead@nurture.test", "lead");
    const enrolled = await enrol(lead.id);
    expect(enrolled).toMatchObject({ enrolled: true, version: 1 });

    await advance(0);
    expect(await tagsOf(lead.id)).toEqual(["nurture-1"]);
    const waiting = await run(enrolled.runId);
    expect(waiting).toMatchObject({ status: "waiting", nodeId: "still-below-mql", resumesAt: new Date(t.clock.now() + 3 * DAY).toISOString() });
    expect(waiting.steps.map((s: { nodeId: string; outcome: string }) => [s.nodeId, s.outcome])).toEqual([
      ["already-mql", "next"],
      ["email-1", "next"],
      ["wait-3-days", "wait"],
    ]);
    expect(waiting.steps[0].record).toMatchObject({ to: "email-1", record: { decision: "no" } });
    expect(String(waiting.steps[0].record.record.reason)).toContain("lead");

    await advance(3 * DAY - 1);
    expect(await tagsOf(lead.id)).toEqual(["nurture-1"]);
    await advance(1);
    expect(await tagsOf(lead.id)).toEqual(["nurture-1", "nurture-2"]);
    expect((await run(enrolled.runId)).status).toBe("completed");
  });

  it("stops a contact already at MQL at the first check", async () => {
    const mql = await contact("mql@nurture.test", "mql");
    const enrolled = await enrol(mql.id);
    await advance(0);
    const done = await run(enrolled.runId);
    expect(done.status).toBe("completed");
    expect(done.steps.map((s: { nodeId: string }) => s.nodeId)).toEqual(["already-mql", "done"]);
    expect(await tagsOf(mql.id)).toEqual([]);
  });

  it("keeps runs in flight on the version they started on when a new version is published", async () => {
    const early = await contact("early@nurture.test", "lead");
    const first = await enrol(early.id);
    await advance(0);
    await t.request("PATCH", `/api/v1/workflows/${workflowId}`, { body: { definition: nurturing("nurture-2-new") } });
    expect((await t.request("POST", `/api/v1/workflows/${workflowId}/publish`)).body.currentVersion).toBe(2);
    const late = await contact("late@nurture.test", "lead");
    const second = await enrol(late.id);
    expect(second.version).toBe(2);
    await advance(3 * DAY);
    expect(await tagsOf(early.id)).toEqual(["nurture-1", "nurture-2"]);
    expect(await tagsOf(late.id)).toEqual(["nurture-1", "nurture-2-new"]);
    expect((await run(first.runId)).version).toBe(1);
  });

  it("applies the entry rules and says why a contact was not enrolled", async () => {
    const once = await contact("once@nurture.test", "lead");
    expect((await enrol(once.id)).enrolled).toBe(true);
    expect(await enrol(once.id)).toEqual({ enrolled: false, reason: "the contact is already in this workflow" });
    await advance(3 * DAY);
    expect((await enrol(once.id)).reason).toContain("does not re-enrol");
    const timeline = (await t.request("GET", `/api/v1/contacts/${once.id}/timeline?limit=100`)).body.data;
    expect(timeline.map((e: { name: string }) => e.name)).toEqual(expect.arrayContaining(["workflow.enrolled", "workflow.not_enrolled"]));
    const runs = (await t.request("GET", `/api/v1/contacts/${once.id}/runs`)).body.data;
    expect(runs).toHaveLength(1);
  });

  it("fails a run visibly at a step that fails for good, without stopping the others", async () => {
    const sink = await startHttpSink();
    sink.reply = () => ({ status: 410 });
    const hooked = await t.request("POST", "/api/v1/workflows", {
      body: {
        name: "Hook",
        definition: {
          version: 1,
          triggers: [{ type: "api" }],
          start: "hook",
          nodes: [
            { id: "hook", type: "action", action: { kind: "webhook", url: `${sink.url}/hook` }, next: "end" },
            { id: "end", type: "end" },
          ],
        },
      },
    });
    await t.request("POST", `/api/v1/workflows/${hooked.body.id}/publish`);
    const c = await contact("hook@nurture.test", "lead");
    const other = await contact("other@nurture.test", "lead");
    const failing = await enrol(c.id, hooked.body.id);
    const fine = await enrol(other.id);
    await advance(0);
    const failed = await run(failing.runId);
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatchObject({ name: "WebhookHttpError", status: 410 });
    expect(failed.steps.at(-1)).toMatchObject({ nodeId: "hook", outcome: "failed" });
    expect((await run(fine.runId)).status).toBe("waiting");
    await sink.close();
  });

  it("refuses to enrol into an unpublished workflow, and 404s an unknown one", async () => {
    const draft = await t.request("POST", "/api/v1/workflows", { body: { name: "Draft only", definition: nurturing("x") } });
    const c = await contact("draft@nurture.test", "lead");
    expect((await enrol(c.id, draft.body.id)).enrolled).toBe(false);
    expect((await t.request("POST", "/api/v1/workflows/nope/enrol", { body: { contactId: c.id } })).status).toBe(404);
  });
});
