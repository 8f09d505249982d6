import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimBroadcastRecipients } from "../src/store/index.js";
import { dialects, startTestApp, T0, type TestApp } from "./support/harness.js";
import { recipientOf, startTestAppWithSmtp, type SmtpSink } from "./support/smtp-sink.js";

const newsletter = {
  subject: "News for {{ contact.properties.first_name | default: 'you' }}",
  format: "mjml",
  body: `<mjml><mj-body><mj-section><mj-column>
  <mj-text>Hello {{ contact.properties.first_name | default: "reader" }}, here is what is new on the {{ contact.properties.plan | default: "free" }} plan.</mj-text>
  <mj-button href="https://example.com/news">Read more</mj-button>
  <mj-text><a href="{{ unsubscribe_url }}">Unsubscribe</a></mj-text>
</mj-column></mj-section></mj-body></mjml>`,
};

/** Raw header lines, unfolded (mailparser reads List-* headers into an object of its own). */
const rawHeader = (mail: ParsedMail, key: string) => mail.headerLines.find((h) => h.key === key)?.line.replace(/\r?\n(?=[ \t])/g, "");

describe.each(dialects)("broadcasts on %s", (dialect) => {
  let smtp: SmtpSink;
  let t: TestApp;
  /** Addresses the SMTP sink answers 451 for. */
  const busy = new Set<string>();
  beforeAll(async () => ({ t, smtp } = await startTestAppWithSmtp(dialect, { tempFail: (address) => busy.has(address) })));
  afterAll(async () => t?.close());

  const advance = async (ms = 0) => expect((await t.request("POST", "/api/v1/test-clock/advance", { body: { ms } })).status).toBe(200);
  const ok = <T = any>(res: { status: number; body: any }, status = 200): T => {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    return res.body as T;
  };
  const contact = async (body: Record<string, unknown>) => ok<{ id: string }>(await t.request("POST", "/api/v1/contacts", { body }), 201).id;
  const list = async (name: string, contactIds: string[]) => {
    const l = ok<{ id: string }>(await t.request("POST", "/api/v1/lists", { body: { name } }), 201);
    ok(await t.request("POST", `/api/v1/lists/${l.id}/members`, { body: { contactIds } }));
    return l.id;
  };
  const template = async (name: string, content: Record<string, unknown> = newsletter) => ok<{ id: string }>(await t.request("POST", "/api/v1/templates", { body: { name, channel: "email", content } }), 201).id;
  const received = (broadcastId: string) => smtp.received.filter((m) => m.headers.get("x-parcours-broadcast") === broadcastId);
  const broadcast = async (body: Record<string, unknown>) => ok<{ id: string; status: string }>(await t.request("POST", "/api/v1/broadcasts", { body }), 201);
  const send = async (id: string) => ok<{ status: string; scheduledAt: string }>(await t.request("POST", `/api/v1/broadcasts/${id}/send`), 202);
  const read = async (id: string) => ok<any>(await t.request("GET", `/api/v1/broadcasts/${id}`));
  const stats = async (id: string) => ok<any>(await t.request("GET", `/api/v1/broadcasts/${id}/stats`));

  it("sends a list personalised mail with an unsubscribe link, skips suppressed, unsubscribed and address-less contacts, and reports them", async () => {
    const ada = await contact({ email: "ada@bc.test", properties: { first_name: "Ada", plan: "pro" } });
    const bob = await contact({ email: "bob@bc.test", properties: { first_name: "Bob" } });
    const cy = await contact({ email: "cy@bc.test" });
    const bounced = await contact({ email: "bounced@bc.test", properties: { first_name: "Bo" } });
    const gone = await contact({ email: "gone@bc.test", subscriptions: { email: "unsubscribed" } });
    const nobody = await contact({ externalId: "no-address", properties: { first_name: "Nemo" } });
    ok(await t.request("POST", "/api/v1/suppressions", { body: { email: "bounced@bc.test", reason: "hard_bounce" } }), 201);
    const listId = await list("Newsletter readers", [ada, bob, cy, bounced, gone, nobody]);
    const templateId = await template("Newsletter 1");

    const draft = await broadcast({ name: "January news", templateId, audience: { listId } });
    expect(draft).toMatchObject({ status: "draft", category: "marketing", recipients: 0, scheduledAt: null });
    expect(await send(draft.id)).toMatchObject({ status: "scheduled", scheduledAt: new Date(T0).toISOString() });
    expect((await read(draft.id)).status).toBe("scheduled");
    await advance();

    const done = await read(draft.id);
    expect(done).toMatchObject({ status: "sent", recipients: 6, sentAt: expect.any(String), templateVersions: { [templateId]: 1 } });
    const mails = received(draft.id);
    expect(mails.map(recipientOf).sort()).toEqual(["ada@bc.test", "bob@bc.test", "cy@bc.test"]);
    const toAda = mails.find((m) => recipientOf(m) === "ada@bc.test")!;
    expect(toAda.subject).toBe("News for Ada");
    expect(toAda.html).toContain("Hello Ada, here is what is new on the pro plan.");
    expect(toAda.text).toContain("Hello Ada, here is what is new on the pro plan.");
    expect(mails.find((m) => recipientOf(m) === "cy@bc.test")!.subject).toBe("News for you");
    const url = /^List-Unsubscribe: <(.+)>$/.exec(rawHeader(toAda, "list-unsubscribe") ?? "")![1]!;
    expect(rawHeader(toAda, "list-unsubscribe-post")).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    expect(toAda.html).toContain(`href="${url}"`);

    const s = await stats(draft.id);
    expect(s.totals).toMatchObject({ recipients: 6, queued: 0, sent: 3, delivered: 3, failed: 0, skipped: { total: 3, byReason: { suppressed: 1, unsubscribed: 1, no_address: 1 } } });
    expect(s.variants).toEqual([]);
    expect(s.resend).toBeNull();

    const timeline = ok<{ data: { name: string; properties: Record<string, unknown> }[] }>(await t.request("GET", `/api/v1/contacts/${ada}/timeline?kind=internal`)).data;
    const sent = timeline.find((e) => e.name === "email.sent")!;
    expect(sent.properties).toMatchObject({ campaignId: draft.id, templateId, templateVersion: 1, category: "marketing", via: "smtp", to: "ada@bc.test", subject: "News for Ada", phase: "main" });
    expect(toAda.messageId).toBe(`<${sent.properties.messageId}@parcours>`);
    const skipped = ok<{ data: { name: string; properties: Record<string, unknown> }[] }>(await t.request("GET", `/api/v1/contacts/${bounced}/timeline?kind=internal`)).data;
    expect(skipped.find((e) => e.name === "email.skipped")?.properties).toMatchObject({ reason: "suppressed", campaignId: draft.id });

    // The one-click unsubscribe of the broadcast's link is counted in its stats.
    ok(await t.request("POST", new URL(url).pathname, { body: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded" }, auth: null }));
    expect((await stats(draft.id)).totals).toMatchObject({ unsubscribes: 1, rates: { unsubscribe: 0.3333 } });
  });
  it("sends at a local time in each contact's zone, the fallback zone for contacts without one", async () => {
    const paris = await contact({ email: "paris@bc.test", timezone: "Europe/Paris" });
    const york = await contact({ email: "york@bc.test", timezone: "America/New_York" });
    const tokyo = await contact({ email: "nozone@bc.test" });
    const listId = await list("Zones", [paris, york, tokyo]);
    const templateId = await template("Morning news", { subject: "Good morning", format: "html", body: "<p>Coffee?</p>" });
    const b = await broadcast({ name: "Morning", templateId, audience: { listId }, schedule: { localTime: { date: "2026-01-06", time: "09:00", fallbackTimezone: "Asia/Tokyo" } } });
    // It is 09:00 somewhere (UTC+14) at 2026-01-05T19:00Z: the audience is taken then.
    expect((await send(b.id)).scheduledAt).toBe("2026-01-05T19:00:00.000Z");
    const now = () => t.clock.now();
    const until = (iso: string) => advance(Date.parse(iso) - now());
    await until("2026-01-05T23:59:00Z");
    expect(await read(b.id)).toMatchObject({ status: "sending", recipients: 3 });
    expect(received(b.id)).toHaveLength(0);
    await until("2026-01-06T00:00:00Z");
    expect(received(b.id).map(recipientOf)).toEqual(["nozone@bc.test"]);
    await until("2026-01-06T07:59:00Z");
    expect(received(b.id)).toHaveLength(1);
    await until("2026-01-06T08:00:00Z");
    expect(received(b.id).map(recipientOf)).toEqual(["nozone@bc.test", "paris@bc.test"]);
    expect((await read(b.id)).status).toBe("sending");
    await until("2026-01-06T14:00:00Z");
    expect(received(b.id).map(recipientOf)).toEqual(["nozone@bc.test", "paris@bc.test", "york@bc.test"]);
    expect((await read(b.id)).status).toBe("sent");
    const sentAt = async (id: string) => ok<{ data: { name: string; timestamp: string }[] }>(await t.request("GET", `/api/v1/contacts/${id}/timeline?kind=internal`)).data.find((e) => e.name === "email.sent")?.timestamp;
    expect(await sentAt(york)).toBe("2026-01-06T14:00:00.000Z");
  });

  it("spreads a throttled broadcast over time, never faster than its rate", async () => {
    const ids = await Promise.all(Array.from({ length: 12 }, (_, i) => contact({ email: `slow${i}@bc.test` })));
    const listId = await list("Throttled", ids);
    const templateId = await template("Slow news", { subject: "Slowly", format: "html", body: "<p>Hi</p>" });
    const b = await broadcast({ name: "Throttled", templateId, audience: { listId }, throttle: { perSecond: 5 } });
    await send(b.id);
    await advance();
    expect(received(b.id)).toHaveLength(5);
    await advance(999);
    expect(received(b.id)).toHaveLength(5);
    await advance(1);
    expect(received(b.id)).toHaveLength(10);
    expect((await read(b.id)).status).toBe("sending");
    await advance(5000);
    expect(received(b.id)).toHaveLength(12);
    expect((await read(b.id)).status).toBe("sent");
    expect((await stats(b.id)).totals).toMatchObject({ recipients: 12, sent: 12, queued: 0 });
  });

  it("sends a recipient held by a worker that died once its lease runs out, and never twice", async () => {
    const ids = await Promise.all(Array.from({ length: 3 }, (_, i) => contact({ email: `crash${i}@bc.test` })));
    const listId = await list("Crash", ids);
    const templateId = await template("Crash news", { subject: "Once", format: "html", body: "<p>Hi</p>" });
    const b = await broadcast({ name: "Crash", templateId, audience: { listId }, throttle: { perSecond: 1 } });
    await send(b.id);
    await advance();
    expect(received(b.id)).toHaveLength(1);
    // Another worker claims the next recipient and dies before sending it.
    const now = t.clock.now() + 1000;
    const held = await claimBroadcastRecipients(t.deps.db, t.deps.dialect, b.id, now, 1, now + 300_000);
    expect(held).toHaveLength(1);
    await advance(5000);
    expect(received(b.id)).toHaveLength(2);
    const heldEmail = (await t.request("GET", `/api/v1/contacts/${held[0]!.contact_id}`)).body.email as string;
    expect(received(b.id).map(recipientOf)).not.toContain(heldEmail);
    expect((await stats(b.id)).totals).toMatchObject({ sent: 2, queued: 1 });
    await advance(300_000);
    const mails = received(b.id).map(recipientOf).sort();
    expect(mails).toEqual(["crash0@bc.test", "crash1@bc.test", "crash2@bc.test"]);
    expect(await read(b.id)).toMatchObject({ status: "sent" });
    expect((await stats(b.id)).totals).toMatchObject({ recipients: 3, sent: 3, queued: 0 });
  });

  it("fails a recipient the server refuses (5xx) and retries one it asks to try later (4xx) with backoff, up to a limit", async () => {
    const ids = [await contact({ email: "fine@bc.test" }), await contact({ email: "nobody@bc.test" }), await contact({ email: "later@bc.test" }), await contact({ email: "never@bc.test" })];
    busy.add("later@bc.test");
    busy.add("never@bc.test");
    const listId = await list("Flaky", ids);
    const templateId = await template("Flaky news", { subject: "Flaky", format: "html", body: "<p>Hi</p>" });
    const b = await broadcast({ name: "Flaky", templateId, audience: { listId } });
    await send(b.id);
    await advance();
    expect(received(b.id).map(recipientOf)).toEqual(["fine@bc.test"]);
    expect((await stats(b.id)).totals).toMatchObject({ sent: 1, failed: 1, queued: 2 });
    expect((await read(b.id)).status).toBe("sending");
    await advance(60_000);
    expect((await stats(b.id)).totals).toMatchObject({ sent: 1, queued: 2 });
    busy.delete("later@bc.test");
    await advance(4 * 60_000);
    expect(received(b.id).map(recipientOf)).toEqual(["fine@bc.test", "later@bc.test"]);
    expect((await read(b.id)).status).toBe("sending");
    await advance(6 * 3_600_000);
    expect(await read(b.id)).toMatchObject({ status: "sent" });
    expect((await stats(b.id)).totals).toMatchObject({ recipients: 4, sent: 2, failed: 2, queued: 0 });
    busy.clear();
  });

  it("sends to a segment's members at the given time, skipping a topic's unsubscribers, and says which template version it sent", async () => {
    const pro1 = await contact({ email: "pro1@seg.test", properties: { tier: "gold" } });
    const pro2 = await contact({ email: "pro2@seg.test", properties: { tier: "gold" } });
    await contact({ email: "basic@seg.test", properties: { tier: "tin" } });
    const topic = ok<{ id: string }>(await t.request("POST", "/api/v1/topics", { body: { name: "Gold news", defaultStatus: "subscribed" } }), 201).id;
    ok(await t.request("PUT", `/api/v1/contacts/${pro2}/topics`, { body: { topics: { [topic]: "unsubscribed" } } }));
    const segment = ok<{ id: string }>(await t.request("POST", "/api/v1/segments", { body: { name: "Gold", rule: { type: "property", property: "tier", op: "equals", value: "gold" } } }), 201).id;
    const templateId = await template("Gold news", { subject: "Gold v1", format: "html", body: "<p>Gold</p>" });
    const b = await broadcast({ name: "Gold", templateId, audience: { segmentId: segment }, topicId: topic, schedule: { at: new Date(t.clock.now() + 3_600_000).toISOString() } });
    expect((await send(b.id)).scheduledAt).toBe(new Date(t.clock.now() + 3_600_000).toISOString());
    // A change after sending was asked for is not sent: the version is fixed when sending starts.
    ok(await t.request("PATCH", `/api/v1/templates/${templateId}`, { body: { content: { subject: "Gold v2", format: "html", body: "<p>Gold</p>" } } }));
    await advance(3_599_999);
    expect(received(b.id)).toHaveLength(0);
    expect((await read(b.id)).status).toBe("scheduled");
    await advance(1);
    expect(received(b.id).map((m) => [recipientOf(m), m.subject])).toEqual([["pro1@seg.test", "Gold v1"]]);
    expect(await read(b.id)).toMatchObject({ status: "sent", recipients: 2, templateVersions: { [templateId]: 1 } });
    expect((await stats(b.id)).totals).toMatchObject({ sent: 1, skipped: { total: 1, byReason: { topic_unsubscribed: 1 } } });
    const unsubscribe = /^List-Unsubscribe: <(.+)>$/.exec(rawHeader(received(b.id)[0]!, "list-unsubscribe") ?? "")![1]!;
    ok(await t.request("POST", new URL(unsubscribe).pathname, { body: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded" }, auth: null }));
    const topics = ok<{ data: { topicId: string; status: string }[] }>(await t.request("GET", `/api/v1/contacts/${pro1}/topics`)).data;
    expect(topics.find((x) => x.topicId === topic)?.status).toBe("unsubscribed");
  });

  it("counts bounces and complaints by message id, or by address shortly after a send", async () => {
    const ids = await Promise.all(["b1", "b2", "b3", "b4"].map((n) => contact({ email: `${n}@bounce.test` })));
    const listId = await list("Bouncy", ids);
    const templateId = await template("Bouncy news", { subject: "Bouncy", format: "html", body: "<p>Hi</p>" });
    const b = await broadcast({ name: "Bouncy", templateId, audience: { listId } });
    await send(b.id);
    await advance();
    const mails = received(b.id);
    expect(mails).toHaveLength(4);
    const messageIdOf = (email: string) => mails.find((m) => recipientOf(m) === email)!.messageId!;
    const creds = ok<{ username: string; password: string }>(await t.request("GET", "/api/v1/email-webhook"));
    const authorization = `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString("base64")}`;
    const at = new Date(t.clock.now() + 60_000).toISOString();
    const events = [
      // Our Message-ID header as the provider saw it, and our bare id.
      { type: "bounce", bounceType: "hard", email: "b1@bounce.test", messageId: messageIdOf("b1@bounce.test"), occurredAt: at },
      { type: "bounce", bounceType: "soft", email: "b2@bounce.test", messageId: messageIdOf("b2@bounce.test").replace(/^<(.+)@parcours>$/, "$1"), occurredAt: at },
      // No message id: the send to that address a minute before.
      { type: "complaint", email: "b3@bounce.test", occurredAt: at },
      // Another message's id: not this broadcast's.
      { type: "complaint", email: "b4@bounce.test", messageId: "someone-else", occurredAt: at },
    ];
    ok(await t.request("POST", "/webhooks/email/generic", { auth: null, headers: { authorization }, body: { events } }));
    expect((await stats(b.id)).totals).toMatchObject({ sent: 4, bounced: 2, delivered: 2, complaints: 1, rates: { bounce: 0.5, complaint: 0.5 } });
  });

  it("stops a sending broadcast on cancel: the rest is skipped as cancelled", async () => {
    const ids = await Promise.all(Array.from({ length: 3 }, (_, i) => contact({ email: `cancel${i}@bc.test` })));
    const listId = await list("Cancelled", ids);
    const templateId = await template("Cancelled news", { subject: "Stop", format: "html", body: "<p>Hi</p>" });
    const b = await broadcast({ name: "Cancelled", templateId, audience: { listId }, throttle: { perSecond: 1 } });
    await send(b.id);
    await advance();
    expect(received(b.id)).toHaveLength(1);
    expect(ok(await t.request("POST", `/api/v1/broadcasts/${b.id}/cancel`))).toMatchObject({ status: "cancelled" });
    await advance(10_000);
    expect(received(b.id)).toHaveLength(1);
    expect((await stats(b.id)).totals).toMatchObject({ recipients: 3, sent: 1, queued: 0, skipped: { total: 2, byReason: { cancelled: 2 } } });
    expect((await t.request("POST", `/api/v1/broadcasts/${b.id}/cancel`)).status).toBe(409);
  });

  it("checks every field and what the broadcast names, and edits only drafts", async () => {
    const templateId = await template("Checked");
    const sms = ok<{ id: string }>(await t.request("POST", "/api/v1/templates", { body: { name: "An SMS", channel: "sms", content: { body: "hi" } } }), 201).id;
    const listId = await list("Checked list", [await contact({ email: "checked@bc.test" })]);
    const bad = async (body: Record<string, unknown>, field: string, status = 400) => {
      const res = await t.request("POST", "/api/v1/broadcasts", { body });
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    };
    const base = { name: "Checked", templateId, audience: { listId } };
    await bad({ ...base, templateId: undefined }, "templateId");
    await bad({ ...base, templateId: sms }, "templateId");
    await bad({ ...base, audience: { listId: "nope" } }, "audience.listId");
    await bad({ ...base, audience: { segmentId: "nope" } }, "audience.segmentId");
    await bad({ ...base, category: "spam" }, "category");
    await bad({ ...base, topicId: "nope" }, "topicId");
    await bad({ ...base, senderId: "nope" }, "senderId");
    await bad({ ...base, schedule: { at: "tomorrow" } }, "schedule.at");
    await bad({ ...base, schedule: { localTime: { date: "2026-01-06", time: "25:00" } } }, "schedule.localTime.time");
    await bad({ ...base, schedule: { localTime: { date: "2026-01-06", time: "09:00", fallbackTimezone: "Mars/Base" } } }, "schedule.localTime.fallbackTimezone");
    await bad({ ...base, throttle: { perSecond: 0 } }, "throttle.perSecond");
    await bad({ ...base, abTest: { variants: [{ id: "a", subject: "A" }], samplePercent: 20, metric: "opens", duration: { amount: 4, unit: "hours" } } }, "abTest.variants");
    await bad({ ...base, abTest: { variants: [{ id: "a", subject: "A" }, { id: "a", subject: "B" }], samplePercent: 20, metric: "opens", duration: { amount: 4, unit: "hours" } } }, "abTest.variants.1.id");
    await bad({ ...base, abTest: { variants: [{ id: "a", subject: "A" }, { id: "b", templateId: sms }], samplePercent: 20, metric: "opens", duration: { amount: 4, unit: "hours" } } }, "abTest.variants.1.templateId");
    await bad({ ...base, abTest: { variants: [{ id: "a", subject: "{{ x | nope }}" }, { id: "b", subject: "B" }], samplePercent: 20, metric: "opens", duration: { amount: 4, unit: "hours" } } }, "abTest.variants.0.subject");
    await bad({ ...base, abTest: { variants: [{ id: "a", subject: "A" }, { id: "b", subject: "B" }], samplePercent: 120, metric: "opens", duration: { amount: 4, unit: "hours" } } }, "abTest.samplePercent");
    await bad({ ...base, resend: { after: { amount: 3, unit: "days" } } }, "resend.subject");
    await bad({ ...base, colour: "red" }, "colour");

    const b = await broadcast(base);
    expect(ok(await t.request("PATCH", `/api/v1/broadcasts/${b.id}`, { body: { name: "Renamed", throttle: { perSecond: 10 } } }))).toMatchObject({ name: "Renamed", throttle: { perSecond: 10 } });
    expect(ok(await t.request("PATCH", `/api/v1/broadcasts/${b.id}`, { body: { throttle: null } }))).toMatchObject({ throttle: null });
    expect((await t.request("PATCH", `/api/v1/broadcasts/${b.id}`, { body: { audience: { listId: "gone" } } })).body.errors).toEqual([{ field: "audience.listId", message: expect.any(String) }]);
    expect((await t.request("POST", `/api/v1/broadcasts/${b.id}/cancel`)).status).toBe(409);
    const past = await broadcast({ ...base, schedule: { localTime: { date: "2025-12-31", time: "09:00" } } });
    const refused = await t.request("POST", `/api/v1/broadcasts/${past.id}/send`);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ field: "schedule.localTime", message: expect.stringContaining("has passed") }]);

    await send(b.id);
    expect((await t.request("POST", `/api/v1/broadcasts/${b.id}/send`)).status).toBe(409);
    expect((await t.request("PATCH", `/api/v1/broadcasts/${b.id}`, { body: { name: "Too late" } })).status).toBe(409);
    expect((await t.request("DELETE", `/api/v1/broadcasts/${b.id}`)).status).toBe(409);
    expect(ok(await t.request("POST", `/api/v1/broadcasts/${b.id}/cancel`))).toMatchObject({ status: "cancelled", cancelledAt: expect.any(String) });
    await advance();
    expect(received(b.id)).toHaveLength(0);
    expect((await t.request("DELETE", `/api/v1/broadcasts/${b.id}`)).status).toBe(204);
    expect((await t.request("GET", `/api/v1/broadcasts/${b.id}`)).status).toBe(404);

    const first = ok<{ data: { id: string }[]; nextCursor: string }>(await t.request("GET", "/api/v1/broadcasts?limit=2"));
    expect(first.data).toHaveLength(2);
    const rest = ok<{ data: { id: string }[] }>(await t.request("GET", `/api/v1/broadcasts?limit=100&cursor=${first.nextCursor}`));
    expect(rest.data.map((x) => x.id)).not.toContain(first.data[0]!.id);
    expect(ok<{ data: { status: string }[] }>(await t.request("GET", "/api/v1/broadcasts?status=draft")).data.every((x) => x.status === "draft")).toBe(true);
    expect((await t.request("GET", "/api/v1/broadcasts?status=lost")).body.errors[0].field).toBe("query.status");
  });
});

describe.each(dialects)("broadcasts without SMTP on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it("keeps each message in the local mailbox, once", async () => {
    const ids: string[] = [];
    for (const email of ["m1@bc.test", "m2@bc.test"]) ids.push((await t.request("POST", "/api/v1/contacts", { body: { email } })).body.id);
    const listId = (await t.request("POST", "/api/v1/lists", { body: { name: "Mailbox" } })).body.id;
    await t.request("POST", `/api/v1/lists/${listId}/members`, { body: { contactIds: ids } });
    const templateId = (await t.request("POST", "/api/v1/templates", { body: { name: "Boxed", channel: "email", content: { subject: "In the box", format: "html", body: "<p>Hi {{ contact.email }}</p>" } } })).body.id;
    const b = (await t.request("POST", "/api/v1/broadcasts", { body: { name: "Boxed", templateId, audience: { listId } } })).body;
    expect((await t.request("POST", `/api/v1/broadcasts/${b.id}/send`)).status).toBe(202);
    await t.request("POST", "/api/v1/test-clock/advance", { body: { ms: 0 } });
    expect((await t.request("GET", `/api/v1/broadcasts/${b.id}`)).body.status).toBe("sent");
    const box = (await t.request("GET", "/api/v1/mailbox")).body.data as { subject: string; to: string }[];
    expect(box.filter((m) => m.subject === "In the box").map((m) => m.to).sort()).toEqual(["m1@bc.test", "m2@bc.test"]);
    const timeline = (await t.request("GET", `/api/v1/contacts/${ids[0]}/timeline?kind=internal`)).body.data as { name: string; properties: Record<string, unknown> }[];
    expect(timeline.find((e) => e.name === "email.sent")?.properties).toMatchObject({ via: "mailbox", campaignId: b.id });
  });
});
