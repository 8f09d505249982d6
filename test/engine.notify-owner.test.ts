import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

const notifyOwner = (action: Record<string, unknown> = {}) => ({
  version: 1,
  triggers: [{ type: "api" }],
  start: "tell-owner",
  nodes: [
    { id: "tell-owner", type: "action", action: { kind: "notify_user", to: "owner", subject: "{{ contact.email }} needs you", body: "Hi {{ user.name }}, {{ owner.email }} owns {{ contact.email }}.", ...action }, next: "done" },
    { id: "done", type: "end" },
  ],
});

describe.each(dialects)("notify_user to the contact's owner on %s", (dialect) => {
  let t: TestApp;
  let workflowId: string;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    const wf = await t.request("POST", "/api/v1/workflows", { body: { name: "Tell the owner", definition: notifyOwner() } });
    expect(wf.status, wf.text).toBe(201);
    workflowId = wf.body.id;
    expect((await t.request("POST", `/api/v1/workflows/${workflowId}/publish`)).status).toBe(200);
  });
  afterAll(async () => t?.close());

  const runFor = async (contact: Record<string, unknown>) => {
    const c = (await t.request("POST", "/api/v1/contacts", { body: contact })).body;
    const { runId } = (await t.request("POST", `/api/v1/workflows/${workflowId}/enrol`, { body: { contactId: c.id } })).body;
    await t.request("POST", "/api/v1/test-clock/advance", { body: { ms: 0 } });
    return (await t.request("GET", `/api/v1/runs/${runId}`)).body;
  };

  it("emails whoever owns the contact when the step runs", async () => {
    const owner = (await t.request("POST", "/api/v1/users", { body: { email: "olga@owners.test", name: "Olga Owner" } })).body;
    const run = await runFor({ email: "lead@owned.test", ownerId: owner.id });
    expect(run.status).toBe("completed");
    expect(run.steps[0].record.record.decision).toBe("email to the contact's owner, olga@owners.test queued");
    const [mail] = (await t.request("GET", "/api/v1/mailbox")).body.data;
    expect(mail).toMatchObject({ to: "olga@owners.test", subject: "lead@owned.test needs you" });
    expect((await t.request("GET", `/api/v1/mailbox/${mail.id}`)).body.text).toBe("Hi Olga Owner, olga@owners.test owns lead@owned.test.");
  });

  it("notifies nobody for a contact without an owner, says so, and the run goes on", async () => {
    const before = (await t.request("GET", "/api/v1/mailbox")).body.data.length;
    const run = await runFor({ email: "lead@unowned.test" });
    expect(run.status).toBe("completed");
    expect(run.steps.map((step: { outcome: string }) => step.outcome)).toEqual(["next", "end"]);
    expect(run.steps[0].record.record).toMatchObject({ decision: "nobody notified", reason: "the contact has no owner" });
    expect((await t.request("GET", "/api/v1/mailbox")).body.data).toHaveLength(before);
  });

  it("refuses a step naming both a user and the owner, or neither", async () => {
    for (const action of [{ userId: "someone" }, { to: undefined }]) {
      const res = await t.request("POST", "/api/v1/workflows", { body: { name: "Bad", definition: notifyOwner(action) } });
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toMatchObject({ field: "definition.nodes.0.action.userId", message: 'say whom to notify: either "userId" or "to": "owner"' });
    }
  });
});
