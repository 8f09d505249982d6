import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";
import { startHttpSink, type HttpSink, type SinkRequest } from "./support/http-sink.js";

/** Calls the CRM, maps the tier it answers into the contact, and branches on it. */
const crmSync = (url: string) => ({
  version: 1,
  triggers: [{ type: "api" }],
  start: "crm",
  nodes: [
    {
      id: "crm",
      type: "action",
      action: {
        kind: "webhook",
        url,
        headers: { "x-api-key": "k-123" },
        body: { email: "{{ contact.email }}", plan: "{{ contact.properties.plan | default: 'free' }}", ids: { run: "{{ run.id }}", workflow: "{{ workflow.id }}" }, n: 3 },
        responseMapping: [{ pointer: "/customer/tier", property: "tier" }],
      },
      next: "is-gold",
    },
    { id: "is-gold", type: "condition", rule: { type: "property", property: "tier", op: "equals", value: "gold" }, yes: "vip", no: "done" },
    { id: "vip", type: "action", action: { kind: "add_tag", tag: "vip" }, next: "done" },
    { id: "done", type: "end" },
  ],
});

const plainHook = (url: string) => ({
  version: 1,
  triggers: [{ type: "api" }],
  start: "hook",
  nodes: [
    { id: "hook", type: "action", action: { kind: "webhook", url }, next: "done" },
    { id: "done", type: "end" },
  ],
});

describe.each(dialects)("webhook actions on %s", (dialect) => {
  let t: TestApp;
  let sink: HttpSink;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    sink = await startHttpSink();
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  const publish = async (name: string, definition: unknown): Promise<string> => {
    const created = await t.request("POST", "/api/v1/workflows", { body: { name, definition } });
    expect(created.status, created.text).toBe(201);
    const published = await t.request("POST", `/api/v1/workflows/${created.body.id}/publish`);
    expect(published.status, published.text).toBe(200);
    return created.body.id;
  };
  const contact = async (body: Record<string, unknown>) => (await t.request("POST", "/api/v1/contacts", { body })).body;
  const enrol = async (workflowId: string, contactId: string) => (await t.request("POST", `/api/v1/workflows/${workflowId}/enrol`, { body: { contactId } })).body;
  const advance = async (ms: number) => (await t.request("POST", "/api/v1/test-clock/advance", { body: { ms } })).body;
  const run = async (id: string) => (await t.request("GET", `/api/v1/runs/${id}`)).body;
  const to = (path: string) => sink.requests.filter((r) => r.path === path);
  /** Verifies as a receiver would, its clock reading the test clock. */
  const verify = (secret: string, r: SinkRequest) => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(t.clock.now());
    try {
      return new Webhook(secret).verify(r.body, r.headers as Record<string, string>);
    } finally {
      vi.useRealTimers();
    }
  };

  it("sends a signed, rendered body and maps the response into the contact for the next step", async () => {
    sink.reply = (r) => (r.path === "/crm" ? { status: 200, body: { customer: { tier: "gold" } } } : { status: 200 });
    const workflowId = await publish("CRM sync", crmSync(`${sink.url}/crm`));
    const ada = await contact({ email: "ada@hooks.test", properties: { plan: "pro" } });
    const { runId } = await enrol(workflowId, ada.id);
    await advance(0);

    const [sent] = to("/crm");
    expect(to("/crm")).toHaveLength(1);
    const { secret } = (await t.request("GET", "/api/v1/workspace/webhook-secret")).body;
    expect(verify(secret, sent!)).toEqual({ email: "ada@hooks.test", plan: "pro", ids: { run: runId, workflow: workflowId }, n: 3 });
    expect(sent!.headers).toMatchObject({ "x-api-key": "k-123", "content-type": "application/json", "webhook-timestamp": String(Math.floor(t.clock.now() / 1000)) });

    const done = await run(runId);
    expect(done.status).toBe("completed");
    expect(done.steps.map((s: { nodeId: string; outcome: string }) => [s.nodeId, s.outcome])).toEqual([
      ["crm", "await"],
      ["crm", "delivered"],
      ["is-gold", "next"],
      ["vip", "next"],
      ["done", "end"],
    ]);
    expect(done.steps[1].record).toMatchObject({ delivery: { id: sent!.headers["webhook-id"], attempts: 1, response: { status: 200 } }, mapped: { properties: { tier: "gold" } } });
    const after = (await t.request("GET", `/api/v1/contacts/${ada.id}`)).body;
    expect(after.properties).toMatchObject({ plan: "pro", tier: "gold" });
    expect(after.tags).toEqual(["vip"]);
    const timeline = (await t.request("GET", `/api/v1/contacts/${ada.id}/timeline?limit=100`)).body.data;
    expect(timeline.map((e: { name: string }) => e.name)).toContain("property.changed");
  });

  it("sends the documented default payload when the action has no body", async () => {
    const workflowId = await publish("Default body", plainHook(`${sink.url}/default`));
    const bob = await contact({ email: "bob@hooks.test", properties: { plan: "free" } });
    const { runId } = await enrol(workflowId, bob.id);
    await advance(0);
    const body = JSON.parse(to("/default")[0]!.body);
    expect(body).toMatchObject({
      type: "workflow.webhook",
      timestamp: new Date(t.clock.now()).toISOString(),
      data: { contact: { id: bob.id, email: "bob@hooks.test", properties: { plan: "free" } }, workflow: { id: workflowId, version: 1 }, run: { id: runId }, node: { id: "hook" } },
    });
  });

  it("retries a 500 with backoff on the test clock and delivers once, with one webhook-id", async () => {
    let calls = 0;
    sink.reply = (r) => (r.path === "/flaky" ? { status: ++calls === 1 ? 500 : 200, body: { ok: calls > 1 } } : { status: 200 });
    const workflowId = await publish("Flaky", plainHook(`${sink.url}/flaky`));
    const { runId } = await enrol(workflowId, (await contact({ email: "flaky@hooks.test" })).id);
    await advance(0);
    expect(to("/flaky")).toHaveLength(1);
    expect(await run(runId)).toMatchObject({ status: "waiting", nodeId: "done", resumesAt: null });

    await advance(9_999);
    expect(to("/flaky")).toHaveLength(1);
    await advance(1);
    expect(to("/flaky")).toHaveLength(2);
    const [first, second] = to("/flaky");
    expect(second!.headers["webhook-id"]).toBe(first!.headers["webhook-id"]);
    const done = await run(runId);
    expect(done.status).toBe("completed");
    expect(done.steps[1]).toMatchObject({ outcome: "delivered", record: { delivery: { attempts: 2 }, record: { reason: "after 2 attempts" } } });

    await advance(24 * 3600_000);
    expect(to("/flaky")).toHaveLength(2);
  });

  it("honours Retry-After on a 429", async () => {
    let calls = 0;
    sink.reply = (r) => (r.path === "/slow-down" ? (++calls === 1 ? { status: 429, headers: { "retry-after": "120" } } : { status: 204 }) : { status: 200 });
    const workflowId = await publish("Rate limited", plainHook(`${sink.url}/slow-down`));
    const { runId } = await enrol(workflowId, (await contact({ email: "slow@hooks.test" })).id);
    await advance(0);
    await advance(119_000);
    expect(to("/slow-down")).toHaveLength(1);
    await advance(1_000);
    expect(to("/slow-down")).toHaveLength(2);
    expect((await run(runId)).status).toBe("completed");
  });

  it("fails the run on a 404 with the error visible, while another run goes on", async () => {
    sink.reply = (r) => (r.path === "/gone" ? { status: 404, body: { error: "no such hook" } } : { status: 200 });
    const bad = await publish("Gone", plainHook(`${sink.url}/gone`));
    const good = await publish("Fine", plainHook(`${sink.url}/fine`));
    const c = await contact({ email: "gone@hooks.test" });
    const failing = await enrol(bad, c.id);
    const fine = await enrol(good, c.id);
    await advance(0);

    const failed = await run(failing.runId);
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatchObject({ name: "WebhookHttpError", status: 404, attempts: 1, at: t.clock.now() });
    expect(failed.error.message).toContain("404");
    expect(failed.steps.at(-1)).toMatchObject({ nodeId: "hook", outcome: "failed", record: { error: { status: 404 } } });
    expect((await run(fine.runId)).status).toBe("completed");
    await advance(24 * 3600_000);
    expect(to("/gone")).toHaveLength(1);
  });

  it("gives up after its last attempt when the receiver keeps failing", async () => {
    sink.reply = (r) => (r.path === "/down" ? { status: 503 } : { status: 200 });
    const workflowId = await publish("Down", plainHook(`${sink.url}/down`));
    const { runId } = await enrol(workflowId, (await contact({ email: "down@hooks.test" })).id);
    await advance(2 * 24 * 3600_000);
    expect(to("/down")).toHaveLength(8);
    expect((await run(runId)).error).toMatchObject({ name: "WebhookHttpError", status: 503, attempts: 8 });
  });

  it("refuses to publish a body with a broken merge field, naming the field", async () => {
    const created = await t.request("POST", "/api/v1/workflows", {
      body: { name: "Broken", definition: { ...plainHook(`${sink.url}/x`), nodes: [{ id: "hook", type: "action", action: { kind: "webhook", url: `${sink.url}/x`, body: { a: { b: "{{ contact.email " } } }, next: "done" }, { id: "done", type: "end" }] } },
    });
    const published = await t.request("POST", `/api/v1/workflows/${created.body.id}/publish`);
    expect(published.status).toBe(422);
    expect(published.text).toContain("nodes.0.action.body.a.b");
  });

  it("rotates the signing secret: later webhooks verify with the new one only", async () => {
    const before = (await t.request("GET", "/api/v1/workspace/webhook-secret")).body.secret;
    const rotated = await t.request("POST", "/api/v1/workspace/webhook-secret/rotate");
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(before);
    const workflowId = await publish("After rotation", plainHook(`${sink.url}/rotated`));
    await enrol(workflowId, (await contact({ email: "rotated@hooks.test" })).id);
    await advance(0);
    const [sent] = to("/rotated");
    expect(() => verify(rotated.body.secret, sent!)).not.toThrow();
    expect(() => verify(before, sent!)).toThrow();
  });
});
