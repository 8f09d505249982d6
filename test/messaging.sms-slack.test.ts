import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";
import { startHttpSink, type HttpSink } from "./support/http-sink.js";

const ACCOUNT = { accountSid: "AC0123456789", authToken: "secret-token", from: "+15550001111" };

describe.each(dialects)("SMS and Slack steps on %s", (dialect) => {
  let provider: HttpSink;
  let t: TestApp;
  beforeAll(async () => {
    provider = await startHttpSink();
    t = await startTestApp(dialect, { sms: { baseUrl: provider.url, ...ACCOUNT } });
  });
  afterAll(async () => {
    await t?.close();
    await provider.close();
  });

  const advance = () => t.request("POST", "/api/v1/test-clock/advance", { body: { ms: 0 } });
  const publish = async (event: string, action: Record<string, unknown>) => {
    const definition = { version: 1, triggers: [{ type: "event", name: event }], start: "send", nodes: [{ id: "send", type: "action", action, next: "done" }, { id: "done", type: "end" }] };
    const wf = await t.request("POST", "/api/v1/workflows", { body: { name: event, definition } });
    const published = await t.request("POST", `/api/v1/workflows/${wf.body.id}/publish`);
    expect(published.status, JSON.stringify(published.body)).toBe(200);
  };
  const fire = async (userId: string, traits: Record<string, unknown>, event: string) => {
    expect((await t.request("POST", "/v1/identify", { body: { userId, traits }, auth: t.writeKey })).status).toBe(200);
    expect((await t.request("POST", "/v1/track", { body: { userId, event, properties: { plan: "pro" } }, auth: t.writeKey })).status).toBe(200);
    await advance();
    await advance();
    const contact = (await t.request("GET", `/api/v1/contacts/lookup?externalId=${userId}`)).body;
    const [run] = (await t.request("GET", `/api/v1/contacts/${contact.id}/runs`)).body.data;
    const timeline = (await t.request("GET", `/api/v1/contacts/${contact.id}/timeline?kind=internal`)).body.data as { name: string; properties: Record<string, unknown> }[];
    return { contact, run: (await t.request("GET", `/api/v1/runs/${run.id}`)).body, timeline };
  };

  it("sends an SMS template through the Twilio-compatible API and records the provider's id", async () => {
    provider.reply = () => ({ status: 201, body: { sid: "SM42", status: "queued" } });
    const template = await t.request("POST", "/api/v1/templates", { body: { name: "Trial SMS", channel: "sms", content: { body: "Hi {{ contact.properties.first_name }}, your {{ event.properties.plan }} trial ends tomorrow" } } });
    await publish("Trial Ending", { kind: "send_sms", templateId: template.body.id });
    const { run, timeline } = await fire("sms-ada", { first_name: "Ada", phone: "+33 6 12 34 56 78" }, "Trial Ending");

    const sent = provider.requests.find((r) => r.path === `/2010-04-01/Accounts/${ACCOUNT.accountSid}/Messages.json`);
    expect(sent?.headers.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT.accountSid}:${ACCOUNT.authToken}`).toString("base64")}`);
    expect(Object.fromEntries(new URLSearchParams(sent!.body))).toEqual({ To: "+33612345678", From: ACCOUNT.from, Body: "Hi Ada, your pro trial ends tomorrow" });
    expect(run.status).toBe("completed");
    expect(timeline.find((e) => e.name === "sms.sent")?.properties).toMatchObject({ to: "+33612345678", templateId: template.body.id, providerMessageId: "SM42", nodeId: "send" });
  });

  it("skips a contact without a usable number, and records an SMS the provider refuses for good as sms.failed", async () => {
    const template = await t.request("POST", "/api/v1/templates", { body: { name: "Any SMS", channel: "sms", content: { body: "Hello" } } });
    await publish("No Number", { kind: "send_sms", templateId: template.body.id });
    const skipped = await fire("sms-none", { phone: "06 12" }, "No Number");
    expect(skipped.run.status).toBe("completed");
    expect(skipped.run.steps[0].record.record).toMatchObject({ decision: "SMS not sent", reason: expect.stringContaining("international form"), skipped: true });

    provider.reply = () => ({ status: 400, body: { code: 21211, message: "Invalid 'To' Phone Number" } });
    await publish("Refused Number", { kind: "send_sms", templateId: template.body.id });
    const refused = await fire("sms-refused", { phone: "+15005550001" }, "Refused Number");
    expect(refused.run.status).toBe("completed");
    expect(refused.timeline.find((e) => e.name === "sms.failed")?.properties).toMatchObject({
      to: "+15005550001",
      nodeId: "send",
      error: { name: "SmsHttpError", status: 400, message: expect.stringContaining("Invalid 'To' Phone Number") },
    });
  });

  it("posts a Slack message with merge fields to an incoming webhook", async () => {
    provider.reply = () => ({ status: 200, body: "ok" });
    await publish("Became MQL", { kind: "send_slack", url: `${provider.url}/services/T000/B000/XXXX`, text: "New MQL: {{ contact.email }} ({{ event.properties.plan }})" });
    const { run, timeline } = await fire("slack-lin", { email: "lin@slack.test" }, "Became MQL");
    const posted = provider.requests.find((r) => r.path === "/services/T000/B000/XXXX");
    expect(JSON.parse(posted!.body)).toEqual({ text: "New MQL: lin@slack.test (pro)" });
    expect(run.status).toBe("completed");
    expect(timeline.map((e) => e.name)).toContain("slack.sent");
  });

  it("refuses to publish an SMS step naming an email template", async () => {
    const email = await t.request("POST", "/api/v1/templates", { body: { name: "Not SMS", channel: "email", content: { subject: "S", format: "html", body: "<p>x</p>" } } });
    const definition = { version: 1, triggers: [{ type: "api" }], start: "send", nodes: [{ id: "send", type: "action", action: { kind: "send_sms", templateId: email.body.id }, next: "done" }, { id: "done", type: "end" }] };
    const wf = await t.request("POST", "/api/v1/workflows", { body: { name: "SMS with email template", definition } });
    const refused = await t.request("POST", `/api/v1/workflows/${wf.body.id}/publish`);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toContainEqual({ field: "definition.nodes.0.action.templateId", message: expect.stringContaining("unknown SMS template") });
  });
});
