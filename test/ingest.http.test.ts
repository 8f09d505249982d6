import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromJson } from "../src/store/index.js";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

describe.each(dialects)("Segment-spec ingestion over HTTP on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString("base64")}`;
  const send = (path: string, body: unknown, key?: string) =>
    t.request("POST", `/v1/${path}`, { body, auth: null, headers: { authorization: basic(key ?? t.writeKey) } });
  const lookup = (by: "externalId" | "anonymousId" | "email", value: string) =>
    t.request("GET", `/api/v1/contacts/lookup?${by}=${encodeURIComponent(value)}`);
  const eventsOf = (contactId: string) =>
    t.deps.db.selectFrom("events").selectAll().where("contact_id", "=", contactId).orderBy("timestamp").orderBy("id").execute();
  const count = async (table: "events" | "contacts" | "anonymous_ids") =>
    Number((await t.deps.db.selectFrom(table).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
  const counts = async () => ({ events: await count("events"), contacts: await count("contacts"), anonymousIds: await count("anonymous_ids") });

  it("stores a track call on a new contact and answers like Segment", async () => {
    const res = await send("track", {
      userId: "trk-1",
      event: "Order Completed",
      properties: { total: 42.5, items: [{ sku: "a" }] },
      context: { ip: "203.0.113.9", library: { name: "curl" } },
      messageId: "trk-msg-1",
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    const contact = await lookup("externalId", "trk-1");
    expect(contact.status).toBe(200);
    const tracked = (await eventsOf(contact.body.id)).filter((e) => e.kind === "track");
    expect(tracked).toHaveLength(1);
    expect(tracked[0]).toMatchObject({ name: "Order Completed", message_id: "trk-msg-1", timestamp: t.clock.now(), received_at: t.clock.now() });
    expect(fromJson(tracked[0]!.properties)).toEqual({ total: 42.5, items: [{ sku: "a" }] });
    expect(fromJson(tracked[0]!.context)).toEqual({ ip: "203.0.113.9", library: { name: "curl" } });
    const metrics = await t.request("GET", "/metrics");
    expect(metrics.text).toMatch(/parcours_ingested_events_total\{type="track"\} [1-9]/);
  });

  it("turns identify traits into typed properties, nested ones dotted, email and time zone into their fields", async () => {
    const res = await send("identify", {
      userId: "idn-1",
      traits: { email: "Ada@Example.com", plan: "pro", seats: 3, trial: true, address: { city: "Paris", geo: { lat: 48.85 } }, timezone: "Europe/Paris" },
    });
    expect(res.status).toBe(200);
    const contact = await lookup("externalId", "idn-1");
    expect(contact.body).toMatchObject({
      email: "ada@example.com",
      timezone: "Europe/Paris",
      properties: { plan: "pro", seats: 3, trial: true, "address.city": "Paris", "address.geo.lat": 48.85 },
    });
  });

  it("ignores a replayed messageId entirely, across calls and within a batch", async () => {
    const first = { type: "identify", userId: "idem-1", traits: { plan: "free" }, messageId: "idem-msg-1" };
    expect((await send("identify", first)).status).toBe(200);
    const before = await counts();
    const replay = await send("batch", {
      batch: [
        { ...first, traits: { plan: "changed" } },
        { type: "track", userId: "idem-1", event: "Clicked", messageId: "idem-msg-2" },
        { type: "track", userId: "idem-1", event: "Clicked again", messageId: "idem-msg-2" },
      ],
    });
    expect(replay.status).toBe(200);
    const after = await counts();
    expect(after.events - before.events).toBe(1);
    const contact = await lookup("externalId", "idem-1");
    expect(contact.body.properties).toEqual({ plan: "free" });
    const names = (await eventsOf(contact.body.id)).filter((e) => e.kind !== "internal").map((e) => e.name ?? e.kind);
    expect(names).toEqual(["identify", "Clicked"]);
  });

  it("merges an anonymous visitor into the user they identify as, keeping their history", async () => {
    await send("page", { anonymousId: "anon-visit-1", name: "Pricing", properties: { url: "https://example.com/pricing" } });
    t.clock.advance(1000);
    await send("track", { anonymousId: "anon-visit-1", event: "Viewed Demo" });
    const anonymous = await lookup("anonymousId", "anon-visit-1");
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.externalId).toBeNull();

    t.clock.advance(1000);
    expect((await send("identify", { userId: "visit-user-1", anonymousId: "anon-visit-1", traits: { plan: "trial" } })).status).toBe(200);
    const identified = await lookup("externalId", "visit-user-1");
    expect(identified.body.id).toBe(anonymous.body.id);
    expect(identified.body.properties).toEqual({ plan: "trial" });
    const history = (await eventsOf(identified.body.id)).filter((e) => e.kind !== "internal").map((e) => `${e.kind}:${e.name ?? ""}`);
    expect(history).toEqual(["page:Pricing", "track:Viewed Demo", "identify:"]);
  });

  it("merges an anonymous contact into an existing user when identify links them, history moved to the survivor", async () => {
    await send("identify", { userId: "both-1", traits: { plan: "pro" } });
    await send("identify", { anonymousId: "both-anon-1", traits: { plan: "free", source: "ad" } });
    await send("track", { anonymousId: "both-anon-1", event: "Read Article" });
    const user = await lookup("externalId", "both-1");
    const anonymous = await lookup("anonymousId", "both-anon-1");
    expect(anonymous.body.id).not.toBe(user.body.id);

    expect((await send("identify", { userId: "both-1", anonymousId: "both-anon-1" })).status).toBe(200);
    const merged = await lookup("externalId", "both-1");
    expect(merged.body.id).toBe(user.body.id);
    expect(merged.body.properties).toEqual({ plan: "pro", source: "ad" });
    expect((await lookup("anonymousId", "both-anon-1")).body.id).toBe(user.body.id);
    expect((await t.request("GET", `/api/v1/contacts/${anonymous.body.id}`)).status).toBe(404);
    const events = await eventsOf(user.body.id);
    expect(events.some((e) => e.kind === "track" && e.name === "Read Article")).toBe(true);
    expect(events.some((e) => e.name === "contact.merged")).toBe(true);
  });

  it("merges a contact known only by email into the user whose identify claims that email", async () => {
    const byEmail = await t.request("POST", "/api/v1/contacts", { body: { email: "lead@merge.test", properties: { company: "Acme" } } });
    expect(byEmail.status).toBe(201);
    await send("identify", { userId: "email-user-1", traits: { plan: "pro" } });
    expect((await send("identify", { userId: "email-user-1", traits: { email: "LEAD@merge.test" } })).status).toBe(200);
    const merged = await lookup("externalId", "email-user-1");
    expect(merged.body).toMatchObject({ email: "lead@merge.test", properties: { plan: "pro", company: "Acme" } });
    expect((await t.request("GET", `/api/v1/contacts/${byEmail.body.id}`)).status).toBe(404);
  });

  it("joins an anonymous visitor to the known user whose email they give", async () => {
    await send("identify", { userId: "known-1", traits: { email: "known@join.test", plan: "pro" } });
    await send("track", { anonymousId: "join-device", event: "Visited" });
    expect((await send("identify", { anonymousId: "join-device", traits: { email: "known@join.test", source: "form" } })).status).toBe(200);
    const user = await lookup("externalId", "known-1");
    expect(user.body.properties).toEqual({ plan: "pro", source: "form" });
    expect((await lookup("anonymousId", "join-device")).body.id).toBe(user.body.id);
    expect((await eventsOf(user.body.id)).some((e) => e.name === "Visited")).toBe(true);
  });

  it("refuses an email that belongs to another identified user, naming the field", async () => {
    await send("identify", { userId: "owner-1", traits: { email: "taken@conflict.test" } });
    const res = await send("batch", { batch: [{ type: "identify", userId: "owner-2", traits: { email: "taken@conflict.test" } }] });
    expect(res.status).toBe(409);
    expect(res.body.errors).toEqual([{ field: "batch.0.traits.email", message: expect.any(String) }]);
    expect((await lookup("externalId", "owner-2")).status).toBe(404);
  });

  it("alias merges the previous identity into the user id, and remembers an unknown one", async () => {
    await send("track", { anonymousId: "alias-prev-1", event: "Started Checkout" });
    await send("identify", { userId: "alias-user-1", traits: { plan: "pro" } });
    const previous = await lookup("anonymousId", "alias-prev-1");
    expect((await send("alias", { previousId: "alias-prev-1", userId: "alias-user-1" })).status).toBe(200);
    const user = await lookup("externalId", "alias-user-1");
    expect((await lookup("anonymousId", "alias-prev-1")).body.id).toBe(user.body.id);
    expect((await t.request("GET", `/api/v1/contacts/${previous.body.id}`)).status).toBe(404);
    const kinds = (await eventsOf(user.body.id)).filter((e) => e.kind !== "internal").map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(["track", "identify", "alias"]));

    expect((await send("alias", { previousId: "alias-device-2", userId: "alias-user-1" })).status).toBe(200);
    await send("track", { anonymousId: "alias-device-2", event: "Opened App" });
    expect((await lookup("anonymousId", "alias-device-2")).body.id).toBe(user.body.id);

    expect((await send("alias", { previousId: "old-user-id", userId: "renamed-user-id" })).status).toBe(200);
    expect((await lookup("externalId", "renamed-user-id")).status).toBe(200);
  });

  it("handles identity changes within one batch in order", async () => {
    const res = await send("batch", {
      batch: [
        { type: "page", anonymousId: "inbatch-anon", name: "Home" },
        { type: "identify", anonymousId: "inbatch-anon", traits: { source: "newsletter" } },
        { type: "identify", userId: "inbatch-user", anonymousId: "inbatch-anon", traits: { plan: "pro" } },
        { type: "track", userId: "inbatch-user", event: "Upgraded" },
      ],
    });
    expect(res.status).toBe(200);
    const user = await lookup("externalId", "inbatch-user");
    expect(user.body.properties).toEqual({ source: "newsletter", plan: "pro" });
    expect((await lookup("anonymousId", "inbatch-anon")).body.id).toBe(user.body.id);
    const history = (await eventsOf(user.body.id)).filter((e) => e.kind !== "internal").map((e) => e.kind);
    expect(history).toEqual(["page", "identify", "identify", "track"]);
  });

  it("rejects a whole batch when one message is bad, writing nothing", async () => {
    const before = await counts();
    const res = await send("batch", {
      batch: [
        { type: "identify", userId: "bad-batch-1", traits: { plan: "pro" } },
        { type: "track", anonymousId: "bad-batch-anon", event: "Fine" },
        { type: "track", event: "No One" },
        { type: "launch", userId: "x" },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.body.errors).toHaveLength(2);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { field: "batch.2.userId", message: "give a userId or an anonymousId (or both)" },
        { field: "batch.3.type", message: expect.stringContaining("must be one of identify, track") },
      ]),
    );
    expect(await counts()).toEqual(before);
    expect((await lookup("externalId", "bad-batch-1")).status).toBe(404);
  });

  it("rejects a batch whose later message contradicts a type its earlier message set, writing nothing", async () => {
    const before = await counts();
    const res = await send("batch", {
      batch: [
        { type: "identify", userId: "typed-1", traits: { loyalty_points: 10 } },
        { type: "identify", userId: "typed-2", traits: { loyalty_points: "many" } },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: "batch.1.traits.loyalty_points", message: expect.stringContaining("must be a number") }]);
    expect(await counts()).toEqual(before);
  });

  it("rejects a trait of the wrong type, and arrays, naming the trait", async () => {
    await send("identify", { userId: "wrong-type-1", traits: { age: 30 } });
    const wrong = await send("identify", { userId: "wrong-type-1", traits: { age: "thirty" } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([{ field: "traits.age", message: expect.stringContaining("must be a number") }]);
    const array = await send("identify", { userId: "wrong-type-1", traits: { interests: ["a", "b"] } });
    expect(array.status).toBe(400);
    expect(array.body.errors).toEqual([{ field: "traits.interests", message: expect.stringContaining("arrays are not supported") }]);
    const email = await send("identify", { userId: "wrong-type-1", traits: { email: "not-an-email" } });
    expect(email.body.errors).toEqual([{ field: "traits.email", message: expect.stringContaining("not a valid email") }]);
  });

  it("requires a userId or an anonymousId, and for alias both ids", async () => {
    const track = await send("track", { event: "Nobody" });
    expect(track.status).toBe(400);
    expect(track.body.errors).toEqual([{ field: "userId", message: "give a userId or an anonymousId (or both)" }]);
    const noEvent = await send("track", { userId: "u" });
    expect(noEvent.body.errors).toEqual([{ field: "event", message: expect.any(String) }]);
    const alias = await send("alias", { userId: "u", previousId: "" });
    expect(alias.status).toBe(400);
    expect(alias.body.errors).toEqual([{ field: "previousId", message: "must not be empty" }]);
  });

  it("names unknown fields, at the top and inside a batch", async () => {
    const single = await send("track", { userId: "u", event: "E", eventName: "typo" });
    expect(single.status).toBe(400);
    expect(single.body.errors).toEqual([{ field: "eventName", message: "is not a known field" }]);
    const batch = await send("batch", { batch: [{ type: "track", userId: "u", event: "E", propertys: {} }], extra: 1 });
    expect(batch.status).toBe(400);
    expect(batch.body.errors).toEqual(
      expect.arrayContaining([
        { field: "batch.0.propertys", message: "is not a known field" },
        { field: "extra", message: "is not a known field" },
      ]),
    );
  });

  it("accepts the fields libraries add", async () => {
    const res = await send("batch", {
      batch: [
        {
          type: "track",
          userId: 12345,
          anonymousId: "",
          event: "Lib Fields",
          channel: "server",
          version: 2,
          _metadata: { nodeVersion: "20" },
          originalTimestamp: "2026-01-05T08:59:59.123456+0000",
          sentAt: "2026-01-05T09:00:00.000Z",
          receivedAt: "2026-01-05T09:00:00.000Z",
          integrations: { All: true },
          writeKey: t.writeKey,
        },
      ],
      sentAt: "2026-01-05T09:00:00.000Z",
      timestamp: "2026-01-05T09:00:00.000Z",
      context: { library: { name: "test" } },
      writeKey: t.writeKey,
    });
    expect(res.status).toBe(200);
    expect((await lookup("externalId", "12345")).status).toBe(200);
  });

  it("answers invalid JSON, oversized and over-long batches with a problem", async () => {
    const invalid = await t.request("POST", "/v1/track", {
      body: '{"userId": "u", ',
      auth: null,
      headers: { authorization: basic(t.writeKey), "content-type": "application/json" },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.headers["content-type"]).toContain("application/problem+json");
    expect(invalid.body.detail).toContain("not valid JSON");

    const big = await send("batch", { batch: [{ type: "track", userId: "u", event: "Big", properties: { blob: "x".repeat(600 * 1024) } }] });
    expect(big.status).toBe(413);
    const many = await send("batch", { batch: Array.from({ length: 2501 }, () => ({ type: "track", userId: "u", event: "E" })) });
    expect(many.status).toBe(400);
    expect(many.body.errors[0].field).toBe("batch");
  });

  it("accepts a gzipped body, as RudderStack sends it", async () => {
    const body = gzipSync(JSON.stringify({ batch: [{ type: "track", userId: "gzip-1", event: "Zipped" }] }));
    const res = await t.app.inject({
      method: "POST",
      url: "/v1/batch",
      headers: { authorization: basic(t.writeKey), "content-type": "application/json", "content-encoding": "gzip" },
      payload: body,
    });
    expect(res.statusCode).toBe(200);
    expect((await lookup("externalId", "gzip-1")).status).toBe(200);
  });

  it("refuses a content encoding it cannot read", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/v1/track",
      headers: { authorization: basic(t.writeKey), "content-type": "application/json", "content-encoding": "br" },
      payload: "xx",
    });
    expect(res.statusCode).toBe(415);
    expect(res.headers["content-type"]).toContain("application/problem+json");
  });

  it("refuses unknown keys and missing keys with 401", async () => {
    expect((await send("track", { userId: "u", event: "E" }, "pc_wk_unknown")).status).toBe(401);
    expect((await t.request("POST", "/v1/track", { body: { userId: "u", event: "E" }, auth: null })).status).toBe(401);
  });

  it("corrects the event time for the client's clock skew using sentAt", async () => {
    t.clock.advance(60_000);
    const now = t.clock.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    // The client's clock runs 10 minutes fast: it stamped the event 5 s before sending it.
    const skew = 10 * 60_000;
    await send("track", { userId: "skew-1", event: "Skewed", timestamp: iso(now + skew - 5000), sentAt: iso(now + skew), messageId: "skew-a" });
    await send("batch", { batch: [{ type: "track", userId: "skew-1", event: "Skewed in batch", originalTimestamp: iso(now + skew - 7000), messageId: "skew-b" }], sentAt: iso(now + skew) });
    await send("track", { userId: "skew-1", event: "Unsent time", timestamp: iso(now - 3000), messageId: "skew-c" });
    await send("track", { userId: "skew-1", event: "No time", messageId: "skew-d" });
    const rows = await t.deps.db.selectFrom("events").select(["message_id", "timestamp", "received_at"]).where("message_id", "like", "skew-%").orderBy("message_id").execute();
    expect(rows).toEqual([
      { message_id: "skew-a", timestamp: now - 5000, received_at: now },
      { message_id: "skew-b", timestamp: now - 7000, received_at: now },
      { message_id: "skew-c", timestamp: now - 3000, received_at: now },
      { message_id: "skew-d", timestamp: now, received_at: now },
    ]);
  });
});
