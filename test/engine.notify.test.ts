import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";
import { startSmtpSink, type SmtpSink } from "./support/smtp-sink.js";

const notify = (userId: string) => ({
  version: 1,
  triggers: [{ type: "api" }],
  start: "tell-rep",
  nodes: [
    {
      id: "tell-rep",
      type: "action",
      action: {
        kind: "notify_user",
        userId,
        subject: "Hot lead: {{ contact.email }}",
        body: "Hi {{ user.name }},\n\n{{ contact.email }} is on the {{ contact.properties.plan }} plan <now>.\nScore {{ contact.score }}.",
      },
      next: "done",
    },
    { id: "done", type: "end" },
  ],
});

async function setUp(t: TestApp, email: string) {
  const user = (await t.request("POST", "/api/v1/users", { body: { email, name: "Rita Rep" } })).body;
  const wf = await t.request("POST", "/api/v1/workflows", { body: { name: `Notify ${email}`, definition: notify(user.id) } });
  expect((await t.request("POST", `/api/v1/workflows/${wf.body.id}/publish`)).status).toBe(200);
  const enrolLead = async (leadEmail: string) => {
    const c = (await t.request("POST", "/api/v1/contacts", { body: { email: leadEmail, properties: { plan: "pro" } } })).body;
    return (await t.request("POST", `/api/v1/workflows/${wf.body.id}/enrol`, { body: { contactId: c.id } })).body.runId as string;
  };
  return { user, enrolLead };
}

const advance = (t: TestApp, ms: number) => t.request("POST", "/api/v1/test-clock/advance", { body: { ms } });

describe.each(dialects)("notify-user emails on %s", (dialect) => {
  describe("without SMTP: the local mailbox", () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect);
    });
    afterAll(async () => t?.close());

    it("keeps the rendered message once, viewable through the API, and the run goes on", async () => {
      const { enrolLead } = await setUp(t, "rita@reps.test");
      const runId = await enrolLead("lead@notify.test");
      await advance(t, 0);
      await advance(t, 24 * 3600_000);

      const list = (await t.request("GET", "/api/v1/mailbox")).body;
      expect(list.data).toHaveLength(1);
      expect(list.data[0]).toMatchObject({ to: "rita@reps.test", subject: "Hot lead: lead@notify.test", from: "Parcours <parcours@localhost>" });
      const message = (await t.request("GET", `/api/v1/mailbox/${list.data[0].id}`)).body;
      expect(message.text).toBe("Hi Rita Rep,\n\nlead@notify.test is on the pro plan <now>.\nScore 0.");
      expect(message.html).toContain("<p>lead@notify.test is on the pro plan &lt;now&gt;.<br>Score 0.</p>");
      expect(message.outboxKey).toBe(`${runId}:tell-rep:1`);
      expect(message.headers).toMatchObject({ "X-Parcours-Delivery": message.outboxKey });

      const run = (await t.request("GET", `/api/v1/runs/${runId}`)).body;
      expect(run.status).toBe("completed");
      expect(run.steps.map((s: { outcome: string }) => s.outcome)).toEqual(["await", "delivered", "end"]);
      expect(run.steps[1].record).toMatchObject({ delivery: { response: { via: "mailbox" } } });
      expect((await t.request("GET", "/api/v1/mailbox/nope")).status).toBe(404);
    });
  });

  describe("with SMTP_URL: a real SMTP server on loopback", () => {
    let t: TestApp;
    let smtp: SmtpSink;
    let received: ParsedMail[];
    beforeAll(async () => {
      smtp = await startSmtpSink();
      received = smtp.received;
      t = await startTestApp(dialect, { smtpUrl: smtp.url, mailFrom: "Parcours Alerts <alerts@parcours.test>" });
    });
    afterAll(async () => {
      await t?.engine.stop();
      await t?.close();
      await smtp.close();
    });

    it("sends through SMTP, with a Message-ID derived from the delivery, and keeps nothing in the mailbox", async () => {
      const { enrolLead } = await setUp(t, "sam@reps.test");
      const runId = await enrolLead("smtp-lead@notify.test");
      await advance(t, 0);
      expect(received).toHaveLength(1);
      const mail = received[0]!;
      expect(mail.subject).toBe("Hot lead: smtp-lead@notify.test");
      expect(mail.from?.text).toBe('"Parcours Alerts" <alerts@parcours.test>');
      expect(mail.text?.trim()).toBe("Hi Rita Rep,\n\nsmtp-lead@notify.test is on the pro plan <now>.\nScore 0.");
      expect(mail.messageId).toMatch(/^<.+@parcours>$/);
      expect(mail.headers.get("x-parcours-delivery")).toBe(`${runId}:tell-rep:1`);
      const run = (await t.request("GET", `/api/v1/runs/${runId}`)).body;
      expect(run.status).toBe("completed");
      expect(run.steps[1].record).toMatchObject({ delivery: { response: { via: "smtp" } } });
      expect((await t.request("GET", "/api/v1/mailbox")).body.data).toEqual([]);
    });

    it("fails the run when the server refuses the recipient for good", async () => {
      const { enrolLead } = await setUp(t, "nobody@reps.test");
      const runId = await enrolLead("refused-lead@notify.test");
      await advance(t, 0);
      const run = (await t.request("GET", `/api/v1/runs/${runId}`)).body;
      expect(run.status).toBe("failed");
      expect(run.error).toMatchObject({ name: "SmtpError", status: 550, attempts: 1 });
    });
  });
});
