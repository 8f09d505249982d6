import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

describe.each(dialects)("subscription topics on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  async function contact(email: string): Promise<string> {
    return (await t.request("POST", "/api/v1/contacts", { body: { email } })).body.id;
  }
  async function timeline(id: string, name: string): Promise<Record<string, unknown>[]> {
    const res = await t.request("GET", `/api/v1/contacts/${id}/timeline?name=${name}`);
    return res.body.data.map((e: { properties: Record<string, unknown> }) => e.properties);
  }

  it("creates, reads, changes and deletes topics, opt-in unless told otherwise", async () => {
    const created = await t.request("POST", "/api/v1/topics", { body: { name: "Product news", description: "Launches, monthly" } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Product news", description: "Launches, monthly", defaultStatus: "unsubscribed", createdAt: "2026-01-05T09:00:00.000Z" });
    const id = created.body.id;
    expect((await t.request("GET", `/api/v1/topics/${id}`)).body).toEqual(created.body);
    const patched = await t.request("PATCH", `/api/v1/topics/${id}`, { body: { name: "Launches", defaultStatus: "subscribed", description: null } });
    expect(patched.body).toMatchObject({ name: "Launches", defaultStatus: "subscribed", description: null });
    expect((await t.request("GET", "/api/v1/topics")).body.data.map((x: { id: string }) => x.id)).toContain(id);
    expect((await t.request("DELETE", `/api/v1/topics/${id}`)).status).toBe(204);
    expect((await t.request("GET", `/api/v1/topics/${id}`)).status).toBe(404);
    expect((await t.request("DELETE", `/api/v1/topics/${id}`)).status).toBe(404);
  });

  it("keeps topic names unique and checks the body", async () => {
    await t.request("POST", "/api/v1/topics", { body: { name: "Events" } });
    const dup = await t.request("POST", "/api/v1/topics", { body: { name: "Events" } });
    expect(dup.status).toBe(409);
    expect(dup.body.errors).toEqual([{ field: "name", message: expect.stringContaining("Events") }]);
    const bad = await t.request("POST", "/api/v1/topics", { body: { name: "X", defaultStatus: "maybe" } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe("defaultStatus");
  });

  it("shows a contact's status per topic, by default until it chooses, and logs each choice on its timeline", async () => {
    const optIn = (await t.request("POST", "/api/v1/topics", { body: { name: "Webinars" } })).body;
    const optOut = (await t.request("POST", "/api/v1/topics", { body: { name: "Digest", defaultStatus: "subscribed" } })).body;
    const id = await contact("topics@example.com");
    const before = (await t.request("GET", `/api/v1/contacts/${id}/topics`)).body.data;
    expect(before).toEqual(
      expect.arrayContaining([
        { topicId: optIn.id, name: "Webinars", status: "unsubscribed", byDefault: true, changedAt: null, source: null },
        { topicId: optOut.id, name: "Digest", status: "subscribed", byDefault: true, changedAt: null, source: null },
      ]),
    );
    t.clock.advance(60_000);
    const put = await t.request("PUT", `/api/v1/contacts/${id}/topics`, { body: { topics: { [optIn.id]: "subscribed", [optOut.id]: "unsubscribed" } } });
    expect(put.status).toBe(200);
    expect(put.body.data).toEqual(
      expect.arrayContaining([
        { topicId: optIn.id, name: "Webinars", status: "subscribed", byDefault: false, changedAt: "2026-01-05T09:01:00.000Z", source: "api" },
        { topicId: optOut.id, name: "Digest", status: "unsubscribed", byDefault: false, changedAt: "2026-01-05T09:01:00.000Z", source: "api" },
      ]),
    );
    expect(await timeline(id, "topic.subscribed")).toEqual([{ topicId: optIn.id, topicName: "Webinars", source: "api" }]);
    expect(await timeline(id, "topic.unsubscribed")).toEqual([{ topicId: optOut.id, topicName: "Digest", source: "api" }]);
    // The same choice again changes nothing and logs nothing.
    await t.request("PUT", `/api/v1/contacts/${id}/topics`, { body: { topics: { [optIn.id]: "subscribed" } } });
    expect(await timeline(id, "topic.subscribed")).toHaveLength(1);
    // A chosen status no longer follows the topic's default.
    await t.request("PATCH", `/api/v1/topics/${optOut.id}`, { body: { defaultStatus: "unsubscribed" } });
    await t.request("PATCH", `/api/v1/topics/${optIn.id}`, { body: { defaultStatus: "unsubscribed" } });
    const after = (await t.request("GET", `/api/v1/contacts/${id}/topics`)).body.data;
    expect(after.find((x: { topicId: string }) => x.topicId === optIn.id).status).toBe("subscribed");
  });

  it("rejects unknown topics by name and unknown contacts", async () => {
    const id = await contact("unknown-topic@example.com");
    const res = await t.request("PUT", `/api/v1/contacts/${id}/topics`, { body: { topics: { nope: "subscribed" } } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: "topics.nope", message: 'no topic "nope" in this workspace' }]);
    expect((await t.request("PUT", `/api/v1/contacts/${id}/topics`, { body: { topics: {} } })).status).toBe(400);
    expect((await t.request("GET", "/api/v1/contacts/nobody/topics")).status).toBe(404);
    expect((await t.request("PUT", "/api/v1/contacts/nobody/topics", { body: { topics: { x: "subscribed" } } })).status).toBe(404);
  });

  it("keeps a merged contact's topic choices and channel subscriptions on the survivor", async () => {
    const topic = (await t.request("POST", "/api/v1/topics", { body: { name: "Merge topic" } })).body;
    const anon = await t.request("POST", "/v1/identify", { auth: t.writeKey, body: { anonymousId: "anon-merge", traits: {} } });
    expect(anon.status).toBe(200);
    const visitor = (await t.request("GET", "/api/v1/contacts/lookup?anonymousId=anon-merge")).body;
    await t.request("PATCH", `/api/v1/contacts/${visitor.id}`, { body: { subscriptions: { sms: "unsubscribed" } } });
    await t.request("PUT", `/api/v1/contacts/${visitor.id}/topics`, { body: { topics: { [topic.id]: "subscribed" } } });
    const known = (await t.request("POST", "/api/v1/contacts", { body: { externalId: "u-merge" } })).body;
    await t.request("POST", "/v1/identify", { auth: t.writeKey, body: { anonymousId: "anon-merge", userId: "u-merge" } });
    const survivor = (await t.request("GET", "/api/v1/contacts/lookup?externalId=u-merge")).body;
    expect(survivor).toMatchObject({ id: known.id, subscriptions: { sms: "unsubscribed" } });
    const topics = (await t.request("GET", `/api/v1/contacts/${survivor.id}/topics`)).body.data;
    expect(topics.find((x: { topicId: string }) => x.topicId === topic.id)).toMatchObject({ status: "subscribed", byDefault: false });
  });
});
