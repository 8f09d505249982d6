import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

/** Score, time zone, subscriptions and lifecycle stage are plain PATCH fields that each log their change. */
describe.each(dialects)("contact score, time zone, subscriptions and stage on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  const create = async () => (await t.request("POST", "/api/v1/contacts", { body: {} })).body.id as string;
  const latest = async (id: string, name: string) =>
    (await t.request("GET", `/api/v1/contacts/${id}/timeline?name=${name}&limit=1`)).body.data[0]?.properties;

  it("sets the score and logs score.changed with the delta", async () => {
    const id = await create();
    expect((await t.request("PATCH", `/api/v1/contacts/${id}`, { body: { score: 12.5 } })).body.score).toBe(12.5);
    await t.request("PATCH", `/api/v1/contacts/${id}`, { body: { score: 10 } });
    expect(await latest(id, "score.changed")).toEqual({ from: 12.5, to: 10, delta: -2.5, cause: "api" });
  });

  it("sets the time zone, logs timezone.changed, and refuses a zone that does not exist", async () => {
    const id = await create();
    expect((await t.request("PATCH", `/api/v1/contacts/${id}`, { body: { timezone: "America/New_York" } })).body.timezone).toBe("America/New_York");
    expect(await latest(id, "timezone.changed")).toEqual({ from: null, to: "America/New_York" });
    const bad = await t.request("PATCH", `/api/v1/contacts/${id}`, { body: { timezone: "Mars/Olympus" } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: "timezone", message: expect.stringContaining("IANA") }]);
  });

  it("sets subscriptions per channel and logs subscription.changed for each channel that changed", async () => {
    const id = await create();
    await t.request("PATCH", `/api/v1/contacts/${id}`, { body: { subscriptions: { email: "subscribed", sms: "subscribed" } } });
    const res = await t.request("PATCH", `/api/v1/contacts/${id}`, { body: { subscriptions: { email: "unsubscribed", sms: "subscribed" } } });
    expect(res.body.subscriptions).toEqual({ email: "unsubscribed", sms: "subscribed" });
    const events = (await t.request("GET", `/api/v1/contacts/${id}/timeline?name=subscription.changed`)).body.data.map((e: { properties: unknown }) => e.properties);
    expect(events).toEqual([
      { channel: "email", from: "subscribed", to: "unsubscribed" },
      { channel: "sms", from: null, to: "subscribed" },
      { channel: "email", from: null, to: "subscribed" },
    ]);
  });

  it("moves the lifecycle stage and logs lifecycle.changed; an unknown stage is refused", async () => {
    const id = await create();
    await t.request("PATCH", `/api/v1/contacts/${id}`, { body: { lifecycleStage: "lead" } });
    await t.request("PATCH", `/api/v1/contacts/${id}`, { body: { lifecycleStage: "mql" } });
    expect(await latest(id, "lifecycle.changed")).toEqual({ from: "lead", to: "mql", cause: "api" });
    const bad = await t.request("PATCH", `/api/v1/contacts/${id}`, { body: { lifecycleStage: "whale" } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: "lifecycleStage", message: expect.stringContaining("unknown lifecycle stage") }]);
  });
});
