import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { withContactSession } from "../src/contacts/index.js";
import { openRuntime, type Runtime } from "../src/runtime.js";
import { createWebhookSubscription } from "../src/webhooks/index.js";
import { bootstrapWorkspace } from "../src/workspaces/index.js";
import { dialects, startTestApp, testConfig, type TestApp } from "./support/harness.js";
import { startHttpSink, type HttpSink, type SinkRequest } from "./support/http-sink.js";
import { createScratchDatabase, startWorker, type ScratchDatabase, type WorkerProcess } from "./support/workers.js";

describe.each(dialects)("outbound webhook subscriptions on %s", (dialect) => {
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

  const advance = (ms: number) => t.request("POST", "/api/v1/test-clock/advance", { body: { ms } });
  const subscribe = async (path: string, eventTypes: string[], extra: Record<string, unknown> = {}) => {
    const res = await t.request("POST", "/api/v1/webhook-subscriptions", { body: { url: `${sink.url}${path}`, eventTypes, ...extra } });
    expect(res.status, res.text).toBe(201);
    return res.body as { id: string; secret: string };
  };
  const received = (path: string) => sink.requests.filter((r) => r.path === path);
  const deliveries = async (id: string) => (await t.request("GET", `/api/v1/webhook-subscriptions/${id}/deliveries`)).body.data;
  /** Verifies as a receiver would (the spec's check, by the standardwebhooks package), its clock reading the test clock. */
  const verify = (secret: string, r: SinkRequest) => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(t.clock.now());
    try {
      return new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as any;
    } finally {
      vi.useRealTimers();
    }
  };

  it("sends each subscribed contact change, signed with the subscription's own secret, shown only at creation", async () => {
    const sub = await subscribe("/crm", ["contact.created", "lifecycle.changed", "owner.changed", "score.changed"], { description: "Our CRM" });
    expect(sub.secret).toMatch(/^whsec_/);
    const read = await t.request("GET", `/api/v1/webhook-subscriptions/${sub.id}`);
    expect(read.body).toMatchObject({ url: `${sink.url}/crm`, enabled: true, description: "Our CRM" });
    expect(read.body.secret).toBeUndefined();

    const rep = (await t.request("POST", "/api/v1/users", { body: { email: "rita@sales.test", name: "Rita Rep" } })).body;
    const ada = (await t.request("POST", "/api/v1/contacts", { body: { email: "ada@hooks.test", properties: { company: "Acme" } } })).body;
    await t.request("PATCH", `/api/v1/contacts/${ada.id}`, { body: { lifecycleStage: "mql", ownerId: rep.id, score: 40 } });
    await advance(0);

    // Deliveries go out in parallel: receivers order them by `timestamp`, not by arrival.
    const bodies = received("/crm").map((r) => verify(sub.secret, r));
    const byType = Object.fromEntries(bodies.map((b) => [b.type, b]));
    expect(Object.keys(byType).sort()).toEqual(["contact.created", "lifecycle.changed", "owner.changed", "score.changed"]);
    expect(bodies).toHaveLength(4);
    const { "contact.created": created, "lifecycle.changed": stage, "owner.changed": owner } = byType;
    expect(created.data.contact).toMatchObject({ id: ada.id, email: "ada@hooks.test", properties: { company: "Acme" } });
    expect(stage.data).toMatchObject({ contactId: ada.id, change: { from: null, to: "mql", cause: "api" } });
    // The contact as it stood when the change committed, its owner named for a CRM to map.
    expect(owner.data.change).toEqual({ from: null, to: rep.id });
    expect(owner.data.contact).toMatchObject({ lifecycleStage: "mql", score: 40, owner: { id: rep.id, email: "rita@sales.test", name: "Rita Rep" } });
    expect(received("/crm")[0]!.headers["webhook-id"]).toMatch(/.+/);

    const log = await deliveries(sub.id);
    expect(log).toHaveLength(4);
    expect(log.map((d: { eventType: string }) => d.eventType)).toEqual(["owner.changed", "score.changed", "lifecycle.changed", "contact.created"]);
    expect(log[0]).toMatchObject({ status: "delivered", attempts: 1, responseStatus: 200, nextAttemptAt: null, eventId: owner.data.eventId });
    const page1 = (await t.request("GET", `/api/v1/webhook-subscriptions/${sub.id}/deliveries?limit=3`)).body;
    const page2 = (await t.request("GET", `/api/v1/webhook-subscriptions/${sub.id}/deliveries?limit=3&cursor=${page1.nextCursor}`)).body;
    expect([...page1.data, ...page2.data].map((d: { id: string }) => d.id)).toEqual(log.map((d: { id: string }) => d.id));
    expect(page2.nextCursor).toBeNull();
  });

  it("retries a delivery the receiver refused with a 500, with the same webhook-id, and logs each attempt", async () => {
    let failures = 1;
    sink.reply = (r) => (r.path === "/flaky" && failures-- > 0 ? { status: 500, body: { error: "down" } } : { status: 200, body: {} });
    const sub = await subscribe("/flaky", ["lifecycle.changed"]);
    const bob = (await t.request("POST", "/api/v1/contacts", { body: { email: "bob@hooks.test" } })).body;
    await t.request("PATCH", `/api/v1/contacts/${bob.id}`, { body: { lifecycleStage: "sql" } });
    await advance(0);

    const [pending] = await deliveries(sub.id);
    expect(pending).toMatchObject({ eventType: "lifecycle.changed", status: "pending", attempts: 1, responseStatus: 500, deliveredAt: null });
    expect(pending.lastError.message).toContain("500");
    expect(Date.parse(pending.nextAttemptAt)).toBe(t.clock.now() + 5_000);

    await advance(5_000);
    const [done] = await deliveries(sub.id);
    expect(done).toMatchObject({ status: "delivered", attempts: 2, responseStatus: 200, nextAttemptAt: null });
    const attempts = received("/flaky");
    expect(attempts).toHaveLength(2);
    expect(attempts[0]!.headers["webhook-id"]).toBe(attempts[1]!.headers["webhook-id"]);
    expect(verify(sub.secret, attempts[1]!).data.change).toMatchObject({ to: "sql" });
  });

  it("keeps retrying on the spec's schedule and gives up after 8 attempts", async () => {
    sink.reply = (r) => (r.path === "/gone" ? { status: 404 } : { status: 200, body: {} });
    const sub = await subscribe("/gone", ["contact.created"]);
    await t.request("POST", "/api/v1/contacts", { body: { email: "carl@hooks.test" } });
    await advance(0);
    await advance(29 * 3600_000);
    const [failed] = await deliveries(sub.id);
    expect(failed).toMatchObject({ status: "failed", attempts: 8, responseStatus: 404, nextAttemptAt: null });
    expect(received("/gone")).toHaveLength(8);
  });

  it("sends a test event on demand, and nothing to a disabled subscription", async () => {
    sink.reply = () => ({ status: 200, body: {} });
    const sub = await subscribe("/quiet", ["contact.created"], { enabled: false });
    await t.request("POST", "/api/v1/contacts", { body: { email: "dora@hooks.test" } });
    const test = await t.request("POST", `/api/v1/webhook-subscriptions/${sub.id}/test`);
    expect(test.status).toBe(202);
    expect(test.body).toMatchObject({ eventType: "webhook.test", status: "pending" });
    await advance(0);
    const got = received("/quiet");
    expect(got).toHaveLength(1);
    expect(verify(sub.secret, got[0]!)).toMatchObject({ type: "webhook.test", data: { subscriptionId: sub.id } });
    expect((await deliveries(sub.id)).map((d: { status: string }) => d.status)).toEqual(["delivered"]);

    const enabled = await t.request("PATCH", `/api/v1/webhook-subscriptions/${sub.id}`, { body: { enabled: true } });
    expect(enabled.body.enabled).toBe(true);
    await t.request("POST", "/api/v1/contacts", { body: { email: "eve@hooks.test" } });
    await advance(0);
    expect(received("/quiet").map((r) => JSON.parse(r.body).data.contact?.email)).toEqual([undefined, "eve@hooks.test"]);
  });

  it("queues nothing for a change that is refused, and a rotated secret signs what follows", async () => {
    const sub = await subscribe("/strict", ["lifecycle.changed", "property.changed"]);
    const fay = (await t.request("POST", "/api/v1/contacts", { body: { email: "fay@hooks.test" } })).body;
    const refused = await t.request("PATCH", `/api/v1/contacts/${fay.id}`, { body: { lifecycleStage: "mql", properties: { age: "x" }, ownerId: "no-such-user" } });
    expect(refused.status).toBe(400);
    await advance(0);
    expect(await deliveries(sub.id)).toEqual([]);

    const rotated = await t.request("POST", `/api/v1/webhook-subscriptions/${sub.id}/rotate-secret`);
    expect(rotated.body.secret).not.toBe(sub.secret);
    await t.request("PATCH", `/api/v1/contacts/${fay.id}`, { body: { properties: { plan: "pro" } } });
    await advance(0);
    const [r] = received("/strict");
    expect(verify(rotated.body.secret, r!).data.change).toEqual({ property: "plan", old: null, new: "pro" });
    expect(() => verify(sub.secret, r!)).toThrow();
  });

  it("hears changes whatever made them: a Segment identify call, a workflow step, the CRM endpoint", async () => {
    const sub = await subscribe("/everywhere", ["property.changed", "lifecycle.changed"]);
    const basic = `Basic ${Buffer.from(`${t.writeKey}:`).toString("base64")}`;
    const identify = await t.request("POST", "/v1/identify", { auth: null, headers: { authorization: basic }, body: { userId: "u-gus", traits: { email: "gus@hooks.test", plan: "team" } } });
    expect(identify.status, identify.text).toBe(200);
    const gus = (await t.request("GET", "/api/v1/contacts/lookup?email=gus%40hooks.test")).body;
    await t.request("PATCH", `/api/v1/contacts/${gus.id}`, { body: { properties: { plan: "enterprise" } } });

    const promote = { version: 1, triggers: [{ type: "api" }], start: "mql", nodes: [{ id: "mql", type: "action", action: { kind: "set_lifecycle_stage", stage: "mql" }, next: "done" }, { id: "done", type: "end" }] };
    const wf = (await t.request("POST", "/api/v1/workflows", { body: { name: "Promote", definition: promote } })).body;
    await t.request("POST", `/api/v1/workflows/${wf.id}/publish`);
    await t.request("POST", `/api/v1/workflows/${wf.id}/enrol`, { body: { contactId: gus.id } });
    await advance(0);
    await t.request("POST", "/api/v1/crm/contacts", { body: { externalId: "u-gus", lifecycleStage: "sql" } });
    await advance(0);

    const changes = received("/everywhere")
      .map((r) => verify(sub.secret, r))
      .sort((a, b) => a.timestamp.localeCompare(b.timestamp) || a.data.eventId.localeCompare(b.data.eventId))
      .map((b) => (b.type === "property.changed" ? `${b.data.change.property}=${b.data.change.new}` : `stage ${b.data.change.to} by ${b.data.change.cause}`));
    expect(changes).toEqual(["plan=enterprise", "stage mql by workflow", "stage sql by crm"]);
  });

  it("validates input, naming the field, and forgets a deleted subscription", async () => {
    const bad = await t.request("POST", "/api/v1/webhook-subscriptions", { body: { url: "ftp://x.test", eventTypes: ["contact.updated"] } });
    expect(bad.status).toBe(400);
    expect(bad.headers["content-type"]).toContain("application/problem+json");
    const fields = bad.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(["url", "eventTypes.0"]));
    const twice = await t.request("POST", "/api/v1/webhook-subscriptions", { body: { url: "https://x.test/h", eventTypes: ["owner.changed", "owner.changed"] } });
    expect(twice.status).toBe(400);
    expect(twice.body.errors[0].field).toBe("eventTypes");

    const sub = await subscribe("/bye", ["contact.created"]);
    expect((await t.request("DELETE", `/api/v1/webhook-subscriptions/${sub.id}`)).status).toBe(204);
    expect((await t.request("GET", `/api/v1/webhook-subscriptions/${sub.id}`)).status).toBe(404);
    expect((await t.request("GET", `/api/v1/webhook-subscriptions/${sub.id}/deliveries`)).status).toBe(404);
    const list = (await t.request("GET", "/api/v1/webhook-subscriptions")).body.data;
    expect(list.map((s: { id: string }) => s.id)).not.toContain(sub.id);
  });
});

const adminUrl = inject("postgresUrl");

/**
 * Three `parcours worker` processes on one PostgreSQL database share the sending of 300
 * deliveries; one is killed midway. Every delivery ends delivered, each event reaches the
 * receiver with a valid signature, and only what the killed worker held in flight may arrive twice
 * (with the same webhook-id, for the receiver to drop).
 */
describe.skipIf(!adminUrl)("webhook subscription deliveries shared by worker processes", () => {
  const N = 300;
  let scratch: ScratchDatabase;
  let runtime: Runtime;
  let sink: HttpSink;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    scratch = await createScratchDatabase(adminUrl!);
    runtime = await openRuntime(testConfig("postgres", { databaseUrl: scratch.url }), { logTo: 2 });
    sink = await startHttpSink();
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill()));
    await runtime?.close();
    await scratch?.drop();
    await sink?.close();
  });

  const delivered = async () => {
    const rows = await runtime.deps.db.selectFrom("webhook_deliveries").select(["status", (eb) => eb.fn.countAll().as("n")]).groupBy("status").execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  };

  it("delivers every event at least once, and none is lost when a worker dies", async () => {
    const deps = runtime.deps;
    const workspaceId = (await bootstrapWorkspace(deps))!.workspace.id;
    const sub = await createWebhookSubscription(deps, workspaceId, { url: `${sink.url}/many`, eventTypes: ["contact.created"], enabled: true });
    for (let i = 0; i < N; i += 100) {
      await withContactSession(deps, workspaceId, async (s) => {
        for (let j = i; j < i + 100; j++) s.create({ email: `w${j}@workers.test` }, { channel: "api" });
      });
    }
    expect(await delivered()).toEqual({ pending: N });

    for (let i = 0; i < 3; i++) workers.push(startWorker(scratch.url));
    const started = performance.now();
    while (new Set(sink.requests.map((r) => r.headers["webhook-id"])).size < N / 4) {
      // Bounds are generous: each worker first boots TypeScript through tsx.
      if (performance.now() - started > 150_000) throw new Error(`too slow:\n${workers.map((w) => w.output()).join("\n")}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    await workers[0]!.kill();
    // What the killed worker had claimed waits for its 30-second lease to run out.
    while ((await delivered()).delivered !== N) {
      if (performance.now() - started > 210_000) throw new Error(`not all delivered: ${JSON.stringify(await delivered())}\n${workers.map((w) => w.output()).join("\n")}`);
      await new Promise((r) => setTimeout(r, 200));
    }

    const ids = sink.requests.map((r) => r.headers["webhook-id"] as string);
    expect(new Set(ids).size).toBe(N);
    expect(ids.length - N).toBeLessThanOrEqual(100);
    const emails = new Set(sink.requests.map((r) => new Webhook(sub.secret).verify(r.body, r.headers as Record<string, string>) as { data: { contact: { email: string } } }).map((b) => b.data.contact.email));
    expect(emails.size).toBe(N);
  }, 240_000);
});
