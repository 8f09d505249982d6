import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

const tagging = (triggers: unknown[], tag: string) => ({
  version: 1,
  triggers,
  start: "tag",
  nodes: [
    { id: "tag", type: "action", action: { kind: "add_tag", tag }, next: "end" },
    { id: "end", type: "end" },
  ],
});

describe.each(dialects)("workflow triggers on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    const publish = async (name: string, definition: unknown) => {
      const created = await t.request("POST", "/api/v1/workflows", { body: { name, definition } });
      expect(created.status).toBe(201);
      expect((await t.request("POST", `/api/v1/workflows/${created.body.id}/publish`)).status).toBe(200);
    };
    await publish("Pro onboarding", tagging([{ type: "event", name: "Signed Up", filters: [{ property: "plan", op: "equals", value: "pro" }] }], "onboarding"));
    await publish("VIP welcome", tagging([{ type: "tag.added", tag: "vip" }], "vip-welcome"));
    await publish("MQL hand-off", tagging([{ type: "lifecycle.changed", to: "mql" }], "handed-off"));
    await publish("Pricing", tagging([{ type: "page.viewed", url: { op: "contains", value: "/pricing" } }], "saw-pricing"));
  });
  afterAll(async () => t?.close());

  const track = (body: unknown) => t.request("POST", "/v1/track", { body, auth: t.writeKey });
  const byUser = async (userId: string) => (await t.request("GET", `/api/v1/contacts/lookup?externalId=${userId}`)).body;
  const advance = () => t.request("POST", "/api/v1/test-clock/advance", { body: { ms: 0 } });
  const pending = async () => Number((await t.deps.db.selectFrom("enrolment_requests").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);

  it("starts a workflow from a tracked event whose properties pass the trigger's filter", async () => {
    expect((await track({ userId: "pro-1", event: "Signed Up", properties: { plan: "pro" } })).status).toBe(200);
    expect((await track({ userId: "free-1", event: "Signed Up", properties: { plan: "free" } })).status).toBe(200);
    // The enrolment request was written with the event, before any engine ran.
    expect(await pending()).toBe(1);
    await advance();
    expect(await pending()).toBe(0);
    expect((await byUser("pro-1")).tags).toEqual(["onboarding"]);
    expect((await byUser("free-1")).tags).toEqual([]);
    const runs = (await t.request("GET", `/api/v1/contacts/${(await byUser("pro-1")).id}/runs`)).body.data;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: "completed", trigger: { type: "event", name: "Signed Up", eventName: "Signed Up" } });
  });

  it("starts workflows from internal events: a tag added, a stage reached, a page viewed", async () => {
    const c = (await t.request("POST", "/api/v1/contacts", { body: { email: "internal@triggers.test", lifecycleStage: "lead" } })).body;
    await t.request("POST", `/api/v1/contacts/${c.id}/tags`, { body: { tags: ["vip"] } });
    await t.request("PATCH", `/api/v1/contacts/${c.id}`, { body: { lifecycleStage: "mql" } });
    await advance();
    expect((await t.request("GET", `/api/v1/contacts/${c.id}`)).body.tags).toEqual(["handed-off", "vip", "vip-welcome"]);

    await t.request("POST", "/v1/page", { body: { userId: "visitor-1", name: "Pricing", properties: { url: "https://example.com/pricing?x=1" } }, auth: t.writeKey });
    await t.request("POST", "/v1/page", { body: { userId: "visitor-2", name: "Blog", properties: { url: "https://example.com/blog" } }, auth: t.writeKey });
    await advance();
    expect((await byUser("visitor-1")).tags).toEqual(["saw-pricing"]);
    expect((await byUser("visitor-2")).tags).toEqual([]);
  });

  it("chains workflows: a tag added by one workflow's action triggers another", async () => {
    const chained = await t.request("POST", "/api/v1/workflows", {
      body: { name: "Make VIP", definition: tagging([{ type: "event", name: "Upgraded" }], "vip") },
    });
    await t.request("POST", `/api/v1/workflows/${chained.body.id}/publish`);
    await track({ userId: "chain-1", event: "Upgraded" });
    await advance();
    expect((await byUser("chain-1")).tags).toEqual(["vip", "vip-welcome"]);
  });

  it("does not enrol twice for one contact when the workflow does not re-enrol", async () => {
    await track({ userId: "again-1", event: "Signed Up", properties: { plan: "pro" } });
    await advance();
    await track({ userId: "again-1", event: "Signed Up", properties: { plan: "pro" } });
    await advance();
    const contact = await byUser("again-1");
    const runs = (await t.request("GET", `/api/v1/contacts/${contact.id}/runs`)).body.data;
    expect(runs).toHaveLength(1);
    const timeline = (await t.request("GET", `/api/v1/contacts/${contact.id}/timeline?limit=100`)).body.data;
    expect(timeline.find((e: { name: string }) => e.name === "workflow.not_enrolled")?.properties.reason).toContain("does not re-enrol");
  });
});
