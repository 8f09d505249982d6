import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkConsent, checkConsentMany, type ConsentCheck } from "../src/consent/index.js";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

/** The send-time check against real data, set through the API as an operator would. */
describe.each(dialects)("send-time consent check on %s", (dialect) => {
  let t: TestApp;
  let optIn: string;
  let optOut: string;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    optIn = (await t.request("POST", "/api/v1/topics", { body: { name: "Beta programme" } })).body.id;
    optOut = (await t.request("POST", "/api/v1/topics", { body: { name: "Newsletter", defaultStatus: "subscribed" } })).body.id;
  });
  afterAll(async () => t?.close());

  async function contact(email: string | null, body: Record<string, unknown> = {}): Promise<{ id: string; email: string | null }> {
    const res = await t.request("POST", "/api/v1/contacts", { body: { ...(email ? { email } : {}), ...body } });
    expect(res.status).toBe(201);
    return { id: res.body.id, email };
  }
  function check(c: { id: string; email: string | null }, over: Partial<ConsentCheck> = {}) {
    return checkConsent(t.deps, { workspaceId: t.workspaceId, contactId: c.id, email: c.email, channel: "email", category: "marketing", ...over });
  }

  it("allows marketing to a subscribed contact, by topic default", async () => {
    const c = await contact("fine@example.com");
    expect(await check(c)).toEqual({ allowed: true });
    expect(await check(c, { topicId: optOut })).toEqual({ allowed: true });
    expect(await check(c, { topicId: optIn })).toEqual({ allowed: false, reason: "topic_unsubscribed", detail: 'topic "Beta programme" is opt-in and the contact has not subscribed to it' });
  });

  it("follows the contact's topic choices over the defaults", async () => {
    const c = await contact("chooser@example.com");
    await t.request("PUT", `/api/v1/contacts/${c.id}/topics`, { body: { topics: { [optIn]: "subscribed", [optOut]: "unsubscribed" } } });
    expect(await check(c, { topicId: optIn })).toEqual({ allowed: true });
    expect(await check(c, { topicId: optOut })).toMatchObject({ allowed: false, reason: "topic_unsubscribed", detail: 'the contact unsubscribed from topic "Newsletter"' });
    expect(await check(c, { topicId: optOut, category: "transactional" })).toEqual({ allowed: true });
    expect(await check(c, { topicId: "deleted-topic" })).toMatchObject({ allowed: false, reason: "topic_unsubscribed" });
  });

  it("keeps marketing, not transactional email, from a contact unsubscribed from email", async () => {
    const c = await contact("gone@example.com", { subscriptions: { email: "unsubscribed" } });
    expect(await check(c)).toEqual({ allowed: false, reason: "unsubscribed", detail: "the contact unsubscribed from marketing email" });
    expect(await check(c, { category: "transactional" })).toEqual({ allowed: true });
    expect(await check(c, { channel: "sms" })).toEqual({ allowed: true });
  });

  it("refuses a suppressed address: bounces and complaints for every email, unsubscribes for marketing", async () => {
    const bounced = await contact("bounced@example.com");
    const unsubscribed = await contact("listed@example.com");
    await t.request("POST", "/api/v1/suppressions", { body: { email: "Bounced@Example.com", reason: "hard_bounce" } });
    await t.request("POST", "/api/v1/suppressions", { body: { email: "listed@example.com", reason: "unsubscribe" } });
    expect(await check(bounced, { category: "transactional" })).toEqual({
      allowed: false,
      reason: "suppressed",
      detail: "bounced@example.com is suppressed: hard_bounce (api, 2026-01-05T09:00:00.000Z)",
    });
    expect(await check(unsubscribed)).toMatchObject({ allowed: false, reason: "suppressed" });
    expect(await check(unsubscribed, { category: "transactional" })).toEqual({ allowed: true });
    // The address the message goes to is what counts, however it is written.
    expect(await check({ id: bounced.id, email: " BOUNCED@example.com " })).toMatchObject({ reason: "suppressed" });
  });

  it("needs an address and a contact", async () => {
    const c = await contact(null);
    expect(await check(c)).toEqual({ allowed: false, reason: "no_address", detail: "the contact has no email address" });
    expect(await check({ id: "nobody", email: "x@example.com" })).toMatchObject({ allowed: false, reason: "no_address" });
  });

  it("checks many recipients at once, in order, with the same answers", async () => {
    const a = await contact("many-a@example.com");
    const b = await contact("many-b@example.com", { subscriptions: { email: "unsubscribed" } });
    const c = await contact("many-c@example.com");
    await t.request("POST", "/api/v1/suppressions", { body: { email: c.email, reason: "complaint" } });
    await t.request("PUT", `/api/v1/contacts/${a.id}/topics`, { body: { topics: { [optIn]: "subscribed" } } });
    const recipients = [a, b, c, { id: "nobody", email: "n@example.com" }, a].map((r) => ({ contactId: r.id, email: r.email }));
    const decisions = await checkConsentMany(t.deps, { workspaceId: t.workspaceId, channel: "email", category: "marketing", topicId: optIn, recipients });
    expect(decisions.map((d) => (d.allowed ? "allowed" : d.reason))).toEqual(["allowed", "unsubscribed", "suppressed", "no_address", "allowed"]);
    for (const [i, r] of recipients.entries()) {
      expect(await checkConsent(t.deps, { workspaceId: t.workspaceId, channel: "email", category: "marketing", topicId: optIn, contactId: r.contactId, email: r.email })).toEqual(decisions[i]);
    }
    expect(await checkConsentMany(t.deps, { workspaceId: t.workspaceId, channel: "email", category: "marketing", recipients: [] })).toEqual([]);
  });

  it("checks more recipients than one query takes", async () => {
    const ids = Array.from({ length: 5003 }, (_, i) => ({ contactId: `missing-${i}`, email: `m${i}@example.com` }));
    const real = await contact("last@example.com");
    const decisions = await checkConsentMany(t.deps, { workspaceId: t.workspaceId, channel: "email", category: "marketing", recipients: [...ids, { contactId: real.id, email: real.email }] });
    expect(decisions).toHaveLength(5004);
    expect(decisions[5003]).toEqual({ allowed: true });
    expect(decisions[0]).toMatchObject({ reason: "no_address" });
  });
});
