import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, type TestApp } from "./support/harness.js";
import { startTestAppWithSmtp, type SmtpSink } from "./support/smtp-sink.js";

const welcome = {
  subject: "Welcome, {{ contact.properties.first_name | default: 'friend' }}",
  preheader: "Three things to try first",
  format: "mjml",
  body: `<mjml><mj-body><mj-section><mj-column>
  <mj-text>Hi {{ contact.properties.first_name | default: "there" }}, thanks for joining the {{ contact.properties.plan }} plan.</mj-text>
  <mj-text>You signed up from {{ event.properties.source | default: "our site" }}.</mj-text>
  <mj-button href="https://app.example.com/start">Open the app</mj-button>
</mj-column></mj-section></mj-body></mjml>`,
};

const sendWorkflow = (templateId: string, extra: Record<string, unknown> = {}) => ({
  version: 1,
  triggers: [{ type: "event", name: "Signed Up" }],
  start: "welcome",
  nodes: [
    { id: "welcome", type: "action", action: { kind: "send_email", templateId, ...extra }, next: "done" },
    { id: "done", type: "end" },
  ],
});

describe.each(dialects)("send_email steps on %s", (dialect) => {
  let smtp: SmtpSink;
  let t: TestApp;
  beforeAll(async () => ({ t, smtp } = await startTestAppWithSmtp(dialect)));
  afterAll(async () => t?.close());

  const advance = (ms = 0) => t.request("POST", "/api/v1/test-clock/advance", { body: { ms } });
  const publish = async (name: string, definition: unknown) => {
    const wf = await t.request("POST", "/api/v1/workflows", { body: { name, definition } });
    const published = await t.request("POST", `/api/v1/workflows/${wf.body.id}/publish`);
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    return wf.body.id as string;
  };
  const signUp = async (userId: string, traits: Record<string, unknown>) => {
    expect((await t.request("POST", "/v1/identify", { body: { userId, traits }, auth: t.writeKey })).status).toBe(200);
    expect((await t.request("POST", "/v1/track", { body: { userId, event: "Signed Up", properties: { source: "the <webinar>" } }, auth: t.writeKey })).status).toBe(200);
    await advance();
    await advance();
    return (await t.request("GET", `/api/v1/contacts/lookup?externalId=${userId}`)).body;
  };

  it("renders the template for the contact and sends it from the workspace's sender identity; the timeline records it", async () => {
    const template = await t.request("POST", "/api/v1/templates", { body: { name: "Welcome", channel: "email", content: welcome } });
    const sender = await t.request("POST", "/api/v1/senders", { body: { name: "Marketing", fromEmail: "hello@acme.test", fromName: "Acme Team", replyTo: "support@acme.test" } });
    expect(sender.body).toMatchObject({ isDefault: true, from: '"Acme Team" <hello@acme.test>' });
    await publish("Welcome series", sendWorkflow(template.body.id));

    const contact = await signUp("ada-send", { email: "ada@send.test", first_name: "Ada", plan: "pro" });
    const mail = smtp.to("ada@send.test")[0];
    expect(mail?.subject).toBe("Welcome, Ada");
    expect(mail?.from?.text).toBe('"Acme Team" <hello@acme.test>');
    expect(mail?.replyTo?.text).toBe("support@acme.test");
    expect(mail?.html).toContain("Hi Ada, thanks for joining the pro plan.");
    expect(mail?.html).toContain("Three things to try first");
    expect(mail?.html).toContain("You signed up from the &lt;webinar&gt;.");
    expect(mail?.text).toContain("Open the app [https://app.example.com/start]");

    const timeline = (await t.request("GET", `/api/v1/contacts/${contact.id}/timeline?kind=internal`)).body.data as { name: string; properties: Record<string, unknown> }[];
    const sent = timeline.find((e) => e.name === "email.sent");
    expect(sent?.properties).toMatchObject({ to: "ada@send.test", subject: "Welcome, Ada", templateId: template.body.id, templateVersion: 1, nodeId: "welcome", via: "smtp", category: "marketing" });
    const runs = (await t.request("GET", `/api/v1/contacts/${contact.id}/runs`)).body.data;
    expect(runs[0]).toMatchObject({ status: "completed" });
  });

  it("skips a contact without an email address and goes on, saying why", async () => {
    const template = await t.request("POST", "/api/v1/templates", { body: { name: "No address", channel: "email", content: welcome } });
    await publish("No address", { ...sendWorkflow(template.body.id), triggers: [{ type: "event", name: "Signed Up Anonymously" }] });
    expect((await t.request("POST", "/v1/track", { body: { userId: "no-email", event: "Signed Up Anonymously" }, auth: t.writeKey })).status).toBe(200);
    await advance();
    await advance();
    const contact = (await t.request("GET", "/api/v1/contacts/lookup?externalId=no-email")).body;
    const [run] = (await t.request("GET", `/api/v1/contacts/${contact.id}/runs`)).body.data;
    const detail = (await t.request("GET", `/api/v1/runs/${run.id}`)).body;
    expect(detail.status).toBe("completed");
    expect(detail.steps[0].record).toMatchObject({ to: "done", record: { decision: "email not sent", reason: "the contact has no email address", skipped: true } });
  });

  it("refuses to publish a workflow sending an unknown template or an SMS template, naming the field", async () => {
    const sms = await t.request("POST", "/api/v1/templates", { body: { name: "SMS only", channel: "sms", content: { body: "hi" } } });
    for (const templateId of ["no-such-template", sms.body.id]) {
      const wf = await t.request("POST", "/api/v1/workflows", { body: { name: `Bad ${templateId}`, definition: sendWorkflow(templateId) } });
      const refused = await t.request("POST", `/api/v1/workflows/${wf.body.id}/publish`);
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toContainEqual({ field: "definition.nodes.0.action.templateId", message: expect.stringContaining(`unknown email template "${templateId}"`) });
    }
  });

  it("gives marketing email an unsubscribe link and one-click headers; an unsubscribed contact gets no more marketing, still transactional", async () => {
    const content = { ...welcome, body: welcome.body.replace("</mj-column>", '<mj-text><a href="{{ unsubscribe_url }}">Unsubscribe</a></mj-text></mj-column>') };
    const template = await t.request("POST", "/api/v1/templates", { body: { name: "Newsletter", channel: "email", content } });
    const receipt = await t.request("POST", "/api/v1/templates", { body: { name: "Receipt", channel: "email", content: { subject: "Your receipt", format: "html", body: "<p>Thanks</p>" } } });
    await publish("Newsletter", { ...sendWorkflow(template.body.id), triggers: [{ type: "event", name: "Read Blog" }], entry: { reEnrolment: { mode: "always" } } });
    await publish("Receipt", { ...sendWorkflow(receipt.body.id, { category: "transactional" }), triggers: [{ type: "event", name: "Paid" }] });
    const track = async (event: string) => {
      expect((await t.request("POST", "/v1/track", { body: { userId: "kim-send", event }, auth: t.writeKey })).status).toBe(200);
      await advance();
      await advance();
    };
    expect((await t.request("POST", "/v1/identify", { body: { userId: "kim-send", traits: { email: "kim@send.test", first_name: "Kim" } }, auth: t.writeKey })).status).toBe(200);
    await track("Read Blog");
    const first = smtp.to("kim@send.test");
    expect(first).toHaveLength(1);
    // Raw lines, unfolded: mailparser reads List-* headers into an object of its own.
    const raw = (key: string) => first[0]!.headerLines.find((h) => h.key === key)?.line.replace(/\r?\n(?=[ \t])/g, "");
    const url = /^List-Unsubscribe: <(.+)>$/.exec(raw("list-unsubscribe") ?? "")![1]!;
    expect(raw("list-unsubscribe-post")).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    expect(first[0]!.html).toContain(`href="${url}"`);

    const oneClick = await t.request("POST", new URL(url).pathname, { body: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded" }, auth: null });
    expect(oneClick.status).toBe(200);
    await track("Read Blog");
    await track("Paid");
    const all = smtp.to("kim@send.test").map((m) => m.subject);
    expect(all).toEqual(["Welcome, Kim", "Your receipt"]);
    const contact = (await t.request("GET", "/api/v1/contacts/lookup?externalId=kim-send")).body;
    const timeline = (await t.request("GET", `/api/v1/contacts/${contact.id}/timeline?kind=internal`)).body.data as { name: string; properties: Record<string, unknown> }[];
    expect(timeline.find((e) => e.name === "email.skipped")?.properties).toMatchObject({ reason: "unsubscribed", templateId: template.body.id, category: "marketing", nodeId: "welcome" });
  });

  it("skips even transactional email to a suppressed address (a hard bounce)", async () => {
    const receipt = await t.request("POST", "/api/v1/templates", { body: { name: "Receipt 2", channel: "email", content: { subject: "Receipt 2", format: "html", body: "<p>Thanks</p>" } } });
    await publish("Receipt 2", { ...sendWorkflow(receipt.body.id, { category: "transactional" }), triggers: [{ type: "event", name: "Paid Again" }] });
    expect((await t.request("POST", "/api/v1/suppressions", { body: { email: "bounced@send.test", reason: "hard_bounce" } })).status).toBe(201);
    expect((await t.request("POST", "/v1/identify", { body: { userId: "bounced-send", traits: { email: "bounced@send.test" } }, auth: t.writeKey })).status).toBe(200);
    expect((await t.request("POST", "/v1/track", { body: { userId: "bounced-send", event: "Paid Again" }, auth: t.writeKey })).status).toBe(200);
    await advance();
    await advance();
    expect(smtp.received.some((m) => m.subject === "Receipt 2")).toBe(false);
    const contact = (await t.request("GET", "/api/v1/contacts/lookup?externalId=bounced-send")).body;
    const [run] = (await t.request("GET", `/api/v1/contacts/${contact.id}/runs`)).body.data;
    const detail = (await t.request("GET", `/api/v1/runs/${run.id}`)).body;
    expect(detail.status).toBe("completed");
    expect(detail.steps[0].record.record).toMatchObject({ decision: "email not sent", reason: expect.stringMatching(/^suppressed: /), skipped: true });
  });

  it("records an email the server refuses for good as email.failed, and the journey goes on", async () => {
    const template = await t.request("POST", "/api/v1/templates", { body: { name: "Refused", channel: "email", content: welcome } });
    const definition = sendWorkflow(template.body.id);
    definition.nodes[0]!.next = "tag";
    definition.nodes.splice(1, 0, { id: "tag", type: "action", action: { kind: "add_tag", tag: "welcomed" }, next: "done" } as never);
    await publish("Refused", { ...definition, triggers: [{ type: "event", name: "Refused Test" }] });
    expect((await t.request("POST", "/v1/identify", { body: { userId: "gone-send", traits: { email: "nobody@send.test" } }, auth: t.writeKey })).status).toBe(200);
    expect((await t.request("POST", "/v1/track", { body: { userId: "gone-send", event: "Refused Test" }, auth: t.writeKey })).status).toBe(200);
    await advance();
    await advance();
    const contact = (await t.request("GET", "/api/v1/contacts/lookup?externalId=gone-send")).body;
    expect(contact.tags).toContain("welcomed");
    const timeline = (await t.request("GET", `/api/v1/contacts/${contact.id}/timeline?kind=internal`)).body.data as { name: string; properties: Record<string, unknown> }[];
    expect(timeline.find((e) => e.name === "email.failed")?.properties).toMatchObject({ to: "nobody@send.test", templateId: template.body.id, nodeId: "welcome", error: { name: "SmtpError", status: 550 } });
    expect(timeline.some((e) => e.name === "email.sent")).toBe(false);
    const [run] = (await t.request("GET", `/api/v1/contacts/${contact.id}/runs`)).body.data;
    const detail = (await t.request("GET", `/api/v1/runs/${run.id}`)).body;
    expect(detail.status).toBe("completed");
    expect(detail.steps.find((s: { outcome: string }) => s.outcome === "failed").record.record).toMatchObject({ decision: "email not delivered", reason: expect.stringContaining("no such mailbox") });
  });

  it("uses the template's latest version for each send, and a named sender identity", async () => {
    const template = await t.request("POST", "/api/v1/templates", { body: { name: "Edited", channel: "email", content: welcome } });
    const support = await t.request("POST", "/api/v1/senders", { body: { name: "Support", fromEmail: "help@acme.test" } });
    expect(support.body.isDefault).toBe(false);
    await publish("Edited", { ...sendWorkflow(template.body.id, { senderId: support.body.id, category: "transactional" }), triggers: [{ type: "event", name: "Asked For Help" }] });
    await t.request("PATCH", `/api/v1/templates/${template.body.id}`, { body: { content: { ...welcome, subject: "We are on it, {{ contact.properties.first_name }}" } } });
    expect((await t.request("POST", "/v1/identify", { body: { userId: "lin-send", traits: { email: "lin@send.test", first_name: "Lin" } }, auth: t.writeKey })).status).toBe(200);
    expect((await t.request("POST", "/v1/track", { body: { userId: "lin-send", event: "Asked For Help" }, auth: t.writeKey })).status).toBe(200);
    await advance();
    await advance();
    const mail = smtp.received.find((m) => m.subject === "We are on it, Lin");
    expect(mail?.from?.text).toBe("help@acme.test");
  });
});
