import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

describe.each(dialects)("in-app messages on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  const advance = () => t.request("POST", "/api/v1/test-clock/advance", { body: { ms: 0 } });

  it("stores a rendered message for the product to fetch with its write key, and marks it read once", async () => {
    const template = await t.request("POST", "/api/v1/templates", {
      body: { name: "Feature banner", channel: "in_app", content: { title: "New for {{ contact.properties.first_name }}", body: "Reports now export to CSV", url: "/reports?from={{ event.name }}" } },
    });
    const definition = { version: 1, triggers: [{ type: "event", name: "Opened Reports" }], start: "tell", nodes: [{ id: "tell", type: "action", action: { kind: "send_in_app", templateId: template.body.id }, next: "done" }, { id: "done", type: "end" }] };
    const wf = await t.request("POST", "/api/v1/workflows", { body: { name: "Feature banner", definition } });
    expect((await t.request("POST", `/api/v1/workflows/${wf.body.id}/publish`)).status).toBe(200);

    expect((await t.request("POST", "/v1/identify", { body: { userId: "inapp-ada", traits: { first_name: "Ada" } }, auth: t.writeKey })).status).toBe(200);
    expect((await t.request("POST", "/v1/track", { body: { userId: "inapp-ada", event: "Opened Reports" }, auth: t.writeKey })).status).toBe(200);
    await advance();

    const fetched = await t.request("GET", "/v1/in-app/messages?userId=inapp-ada&unread=true", { auth: t.writeKey });
    expect(fetched.status).toBe(200);
    expect(fetched.body.data).toEqual([expect.objectContaining({ title: "New for Ada", body: "Reports now export to CSV", url: "/reports?from=Opened Reports", templateId: template.body.id, readAt: null })]);
    const [message] = fetched.body.data;

    const read = await t.request("POST", `/v1/in-app/messages/${message.id}/read`, { auth: t.writeKey });
    expect(read.status).toBe(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    expect((await t.request("POST", `/v1/in-app/messages/${message.id}/read`, { auth: t.writeKey })).body.readAt).toBe(read.body.readAt);
    expect((await t.request("GET", "/v1/in-app/messages?userId=inapp-ada&unread=true", { auth: t.writeKey })).body.data).toEqual([]);

    const contact = (await t.request("GET", "/api/v1/contacts/lookup?externalId=inapp-ada")).body;
    const timeline = (await t.request("GET", `/api/v1/contacts/${contact.id}/timeline?kind=internal`)).body.data as { name: string }[];
    expect(timeline.filter((e) => e.name === "in_app.read")).toHaveLength(1);
    expect(timeline.map((e) => e.name)).toContain("in_app.created");
    expect((await t.request("GET", `/api/v1/contacts/${contact.id}/in-app-messages`)).body.data).toHaveLength(1);
  });

  it("answers an unknown user with no messages, and refuses a query naming nobody or a missing key", async () => {
    expect((await t.request("GET", "/v1/in-app/messages?userId=nobody-here", { auth: t.writeKey })).body).toEqual({ data: [] });
    const nobody = await t.request("GET", "/v1/in-app/messages", { auth: t.writeKey });
    expect(nobody.status).toBe(400);
    expect(nobody.body.errors).toContainEqual({ field: "query.userId", message: "give userId or anonymousId" });
    expect((await t.request("GET", "/v1/in-app/messages?userId=x", { auth: null })).status).toBe(401);
    expect((await t.request("POST", "/v1/in-app/messages/nope/read", { auth: t.writeKey })).status).toBe(404);
  });
});
