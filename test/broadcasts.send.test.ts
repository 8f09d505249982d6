import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, T0, type TestApp } from "./support/harness.js";
import { startSmtpSink, type SmtpSink } from "./support/smtp-sink.js";

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
const toOf = (mail: ParsedMail) => (mail.to && "text" in mail.to ? mail.to.text : "");

describe.each(dialects)("broadcasts on %s", (dialect) => {
  let smtp: SmtpSink;
  let t: TestApp;
  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await startTestApp(dialect, { smtpUrl: smtp.url });
  });
  afterAll(async () => {
    await t?.close();
    await smtp.close();
  });

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
    expect(mails.map(toOf).sort()).toEqual(["ada@bc.test", "bob@bc.test", "cy@bc.test"]);
    const toAda = mails.find((m) => toOf(m) === "ada@bc.test")!;
    expect(toAda.subject).toBe("News for Ada");
    expect(toAda.html).toContain("Hello Ada, here is what is new on the pro plan.");
    expect(toAda.text).toContain("Hello Ada, here is what is new on the pro plan.");
    expect(mails.find((m) => toOf(m) === "cy@bc.test")!.subject).toBe("News for you");
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
});
