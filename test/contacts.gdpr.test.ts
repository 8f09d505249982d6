import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withContactSession } from "../src/contacts/index.js";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

describe.each(dialects)("GDPR export and erasure on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  /** A contact with something in every corner: owner, tags, a list, anonymous ids, events. */
  async function richContact(email: string) {
    const { body: owner } = await t.request("POST", "/api/v1/users", { body: { email: `owner-of-${email}`, name: "Owner" } });
    const { body: list } = await t.request("POST", "/api/v1/lists", { body: { name: `List of ${email}` } });
    const { body: c } = await t.request("POST", "/api/v1/contacts", { body: { email, ownerId: owner.id, tags: ["vip", "beta"], properties: { plan: "pro" } } });
    await t.request("POST", `/api/v1/lists/${list.id}/members`, { body: { contactIds: [c.id] } });
    t.clock.advance(1000);
    await withContactSession(t.deps, t.workspaceId, async (s) => {
      const contact = await s.get({ id: c.id });
      s.addAnonymousId(contact, `anon-${email}`);
      s.record(contact, { kind: "track", name: "Viewed Demo", properties: { length: 30 }, messageId: `msg-${email}` });
    });
    return { contact: c, owner, list };
  }

  it("exports everything about a contact as JSON, events oldest first", async () => {
    const { contact, owner, list } = await richContact("export@example.com");
    const res = await t.request("GET", `/api/v1/contacts/${contact.id}/export`);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toContain("application/json");
    expect(res.body).toMatchObject({
      contact: { id: contact.id, email: "export@example.com", properties: { plan: "pro" }, ownerId: owner.id, tags: ["beta", "vip"] },
      owner: { id: owner.id, email: owner.email, name: "Owner" },
      tags: ["beta", "vip"],
      lists: [{ id: list.id, name: list.name }],
      anonymousIds: ["anon-export@example.com"],
    });
    const names = res.body.events.map((e: { name: string }) => e.name);
    expect(names[0]).toBe("contact.created");
    expect(names.at(-1)).toBe("Viewed Demo");
    expect(names).toEqual(expect.arrayContaining(["owner.changed", "tag.added", "list.joined"]));
    const times = res.body.events.map((e: { timestamp: string }) => e.timestamp);
    expect([...times].sort()).toEqual(times);
  });

  it("erasing a contact removes its events, anonymous ids, tags and memberships from the database", async () => {
    const { contact } = await richContact("erase@example.com");
    const { body: bystander } = await t.request("POST", "/api/v1/contacts", { body: { email: "bystander@example.com", tags: ["vip"] } });
    expect((await t.request("DELETE", `/api/v1/contacts/${contact.id}`)).status).toBe(204);

    const db = t.deps.db;
    const left = {
      contacts: await db.selectFrom("contacts").select("id").where("id", "=", contact.id).execute(),
      events: await db.selectFrom("events").select("id").where("contact_id", "=", contact.id).execute(),
      eventsByMessage: await db.selectFrom("events").select("id").where("message_id", "=", "msg-erase@example.com").execute(),
      anonymousIds: await db.selectFrom("anonymous_ids").select("anonymous_id").where("contact_id", "=", contact.id).execute(),
      anonymousById: await db.selectFrom("anonymous_ids").select("anonymous_id").where("anonymous_id", "=", "anon-erase@example.com").execute(),
      tags: await db.selectFrom("contact_tags").select("tag").where("contact_id", "=", contact.id).execute(),
      lists: await db.selectFrom("list_members").select("list_id").where("contact_id", "=", contact.id).execute(),
    };
    expect(left).toEqual({ contacts: [], events: [], eventsByMessage: [], anonymousIds: [], anonymousById: [], tags: [], lists: [] });
    expect((await t.request("GET", `/api/v1/contacts/${contact.id}/export`)).status).toBe(404);
    expect((await t.request("GET", `/api/v1/contacts/${bystander.id}`)).body.tags).toEqual(["vip"]);
  });
});
