import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withContactSession } from "../src/contacts/index.js";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

describe.each(dialects)("contact timeline on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  type Event = { id: string; kind: string; name: string; properties: Record<string, unknown>; timestamp: string; receivedAt: string };
  const timeline = async (id: string, query = ""): Promise<Event[]> => (await t.request("GET", `/api/v1/contacts/${id}/timeline?limit=500${query}`)).body.data;

  it("shows a series of changes newest first, with old and new values", async () => {
    const { body: c } = await t.request("POST", "/api/v1/contacts", { body: { email: "tl@example.com", properties: { plan: "free" } } });
    t.clock.advance(1000);
    await t.request("PATCH", `/api/v1/contacts/${c.id}`, { body: { properties: { plan: "pro" } } });
    t.clock.advance(1000);
    await t.request("PATCH", `/api/v1/contacts/${c.id}`, { body: { properties: { plan: "team" }, lifecycleStage: "customer" } });
    t.clock.advance(1000);
    await t.request("POST", `/api/v1/contacts/${c.id}/tags`, { body: { tags: ["upgraded"] } });

    const events = await timeline(c.id);
    expect(events.map((e) => [e.name, e.properties])).toEqual([
      ["tag.added", { tag: "upgraded" }],
      ["lifecycle.changed", { from: null, to: "customer", cause: "api" }],
      ["property.changed", { property: "plan", old: "pro", new: "team" }],
      ["property.changed", { property: "plan", old: "free", new: "pro" }],
      ["contact.created", { email: "tl@example.com", externalId: null, properties: { plan: "free" }, source: { channel: "api" } }],
    ]);
    expect(events[0]).toMatchObject({ kind: "internal", timestamp: "2026-01-05T09:00:03.000Z", receivedAt: "2026-01-05T09:00:03.000Z", messageId: null, context: null });
    expect(events.at(-1)!.timestamp).toBe("2026-01-05T09:00:00.000Z");
  });

  it("orders by when things happened, not when they arrived, and filters by kind and name", async () => {
    const { body: c } = await t.request("POST", "/api/v1/contacts", { body: {} });
    const base = t.clock.now();
    await withContactSession(t.deps, t.workspaceId, async (s) => {
      const contact = await s.get({ id: c.id });
      s.record(contact, { kind: "track", name: "Signed Up", properties: { plan: "pro" }, context: { ip: "203.0.113.9" }, messageId: "m-1", timestamp: base - 86_400_000 });
      s.record(contact, { kind: "page", name: "Pricing", properties: {}, timestamp: base - 3_600_000 });
    });
    const events = await timeline(c.id);
    expect(events.map((e) => e.name)).toEqual(["contact.created", "Pricing", "Signed Up"]);
    expect(events[2]).toMatchObject({ kind: "track", context: { ip: "203.0.113.9" }, messageId: "m-1", timestamp: new Date(base - 86_400_000).toISOString() });
    expect((await timeline(c.id, "&kind=track")).map((e) => e.name)).toEqual(["Signed Up"]);
    expect((await timeline(c.id, "&name=Pricing")).map((e) => e.kind)).toEqual(["page"]);
  });

  it("pages with a composite cursor, even through events sharing one timestamp", async () => {
    const { body: c } = await t.request("POST", "/api/v1/contacts", { body: {} });
    const at = t.clock.now() - 5000;
    await withContactSession(t.deps, t.workspaceId, async (s) => {
      const contact = await s.get({ id: c.id });
      for (let i = 0; i < 7; i++) s.record(contact, { kind: "track", name: `Step ${i}`, properties: {}, timestamp: at });
    });
    const all = await timeline(c.id);
    const paged: Event[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.request("GET", `/api/v1/contacts/${c.id}/timeline?limit=3${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      paged.push(...res.body.data);
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all);
    expect(all.map((e) => e.name)).toEqual(["contact.created", "Step 6", "Step 5", "Step 4", "Step 3", "Step 2", "Step 1", "Step 0"]);
  });

  it("keeps contacts' timelines apart and answers 404 for an unknown contact", async () => {
    const { body: a } = await t.request("POST", "/api/v1/contacts", { body: { tags: ["mine"] } });
    const { body: b } = await t.request("POST", "/api/v1/contacts", { body: {} });
    expect((await timeline(b.id)).map((e) => e.name)).toEqual(["contact.created"]);
    expect((await timeline(a.id)).map((e) => e.name)).toContain("tag.added");
    expect((await t.request("GET", "/api/v1/contacts/nope/timeline")).status).toBe(404);
  });

  it("refuses a cursor it did not issue", async () => {
    const { body: c } = await t.request("POST", "/api/v1/contacts", { body: {} });
    const forged = Buffer.from(JSON.stringify(["yesterday", 1])).toString("base64url");
    for (const cursor of ["garbage", forged]) {
      const res = await t.request("GET", `/api/v1/contacts/${c.id}/timeline?cursor=${cursor}`);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: "query.cursor", message: expect.any(String) }]);
    }
  });
});
