import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";
import { recipientOf, startSmtpSink, startTestAppWithSmtp, type SmtpSink } from "./support/smtp-sink.js";

const welcome = (greeting = "Welcome") => ({
  subject: "{{ contact.properties.first_name | default: 'Hello' }}, welcome aboard",
  preheader: "Your {{ contact.properties.plan }} plan is ready",
  format: "mjml",
  body: `<mjml>
  <mj-body>
    <mj-section>
      <mj-column>
        <mj-text>${greeting} {{ contact.properties.first_name | default: "there" }}!</mj-text>
        <mj-button href="https://app.example.com/start?plan={{ contact.properties.plan }}">Get started</mj-button>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`,
});

describe.each(dialects)("templates on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  const create = async (name: string, channel: string, content: unknown) => t.request("POST", "/api/v1/templates", { body: { name, channel, content } });

  it("saves an MJML email template, previews it with sample data or a real contact, escaping merge fields in the HTML", async () => {
    const created = await create("Welcome", "email", welcome());
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ name: "Welcome", channel: "email", version: 1, content: { format: "mjml", subject: expect.any(String) } });

    const sample = await t.request("POST", `/api/v1/templates/${created.body.id}/preview`, { body: { sample: { contact: { properties: { first_name: "Grace", plan: "team" } } } } });
    expect(sample.status).toBe(200);
    expect(sample.body.subject).toBe("Grace, welcome aboard");
    expect(sample.body.preheader).toBe("Your team plan is ready");
    expect(sample.body.html).toContain("Welcome Grace!");
    expect(sample.body.html).toContain('href="https://app.example.com/start?plan=team"');
    expect(sample.body.text).toContain("Welcome Grace!");
    expect(sample.body.text).toContain("Get started [https://app.example.com/start?plan=team]");

    const contact = await t.request("POST", "/api/v1/contacts", { body: { email: "mallory@templates.test", properties: { first_name: "<script>alert(1)</script>", plan: "pro" } } });
    const real = await t.request("POST", `/api/v1/templates/${created.body.id}/preview`, { body: { contactId: contact.body.id } });
    expect(real.body.html).toContain("Welcome &lt;script&gt;alert(1)&lt;/script&gt;!");
    expect(real.body.html).not.toContain("<script>alert(1)</script>");
    expect(real.body.subject).toBe("<script>alert(1)</script>, welcome aboard");
  });

  it("refuses bad Liquid, bad MJML and missing parts, naming the field and the line, and stores nothing", async () => {
    const liquid = await create("Broken liquid", "email", { ...welcome(), body: welcome().body.replace("{{ contact.properties.first_name", "{% if x %}{{ contact.properties.first_name") });
    expect(liquid.status).toBe(400);
    expect(liquid.headers["content-type"]).toContain("application/problem+json");
    expect(liquid.body.errors).toEqual([{ field: "content.body", message: expect.stringMatching(/^Liquid: tag \{% if x %\} not closed, line:5/) }]);

    const mjml = await create("Broken mjml", "email", { ...welcome(), body: welcome().body.replace(/mj-button/g, "mj-buton") });
    expect(mjml.status).toBe(400);
    expect(mjml.body.errors).toEqual([{ field: "content.body", message: expect.stringMatching(/^MJML: line 6: Element mj-buton doesn't exist/) }]);

    const dropped = await create("Dropped liquid", "email", { ...welcome(), body: welcome().body.replace("<mj-text>", "{% if contact.score > 5 %}<mj-text>").replace("</mj-text>", "</mj-text>{% endif %}") });
    expect(dropped.body.errors).toEqual([{ field: "content.body", message: expect.stringContaining("line 5: {% if contact.score > 5 %} is outside any content element") }]);

    const missing = await create("No subject", "email", { format: "html", body: "<p>Hi</p>" });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toContainEqual({ field: "content.subject", message: expect.any(String) });

    const list = await t.request("GET", "/api/v1/templates?limit=100");
    expect(list.body.data.map((x: { name: string }) => x.name)).not.toEqual(expect.arrayContaining(["Broken liquid", "Broken mjml", "Dropped liquid", "No subject"]));
  });

  it("keeps every version: a new content is a new version, the name alone is not, and names are unique", async () => {
    const { body: first } = await create("Versions", "email", welcome("Hi"));
    const renamed = await t.request("PATCH", `/api/v1/templates/${first.id}`, { body: { name: "Versions (renamed)" } });
    expect(renamed.body.version).toBe(1);
    const edited = await t.request("PATCH", `/api/v1/templates/${first.id}`, { body: { content: welcome("Howdy") } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ version: 2, name: "Versions (renamed)" });
    const versions = await t.request("GET", `/api/v1/templates/${first.id}/versions`);
    expect(versions.body.data.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect((await t.request("GET", `/api/v1/templates/${first.id}/versions/1`)).body.content.body).toContain("Hi {{");
    const old = await t.request("POST", `/api/v1/templates/${first.id}/preview`, { body: { version: 1 } });
    expect(old.body.html).toContain("Hi Ada!");
    expect((await t.request("POST", `/api/v1/templates/${first.id}/preview`, { body: {} })).body.html).toContain("Howdy Ada!");

    const bad = await t.request("PATCH", `/api/v1/templates/${first.id}`, { body: { content: { ...welcome(), subject: "{{ x | nope }}" } } });
    expect(bad.status).toBe(400);
    expect((await t.request("GET", `/api/v1/templates/${first.id}`)).body.version).toBe(2);

    const taken = await create("Versions (renamed)", "email", welcome());
    expect(taken.status).toBe(409);
    expect(taken.body.errors).toEqual([{ field: "name", message: expect.stringContaining("already exists") }]);
  });

  it("has SMS and in-app templates with the same merge fields", async () => {
    const sms = await create("Reminder SMS", "sms", { body: "Hi {{ contact.properties.first_name }}, your trial ends soon" });
    expect(sms.status).toBe(201);
    expect((await t.request("POST", `/api/v1/templates/${sms.body.id}/preview`, { body: {} })).body).toEqual({ body: "Hi Ada, your trial ends soon" });
    const inApp = await create("Banner", "in_app", { title: "New for {{ contact.properties.first_name }}", body: "See what changed", url: "/changelog?u={{ contact.id }}" });
    expect((await t.request("POST", `/api/v1/templates/${inApp.body.id}/preview`, { body: {} })).body).toEqual({ title: "New for Ada", body: "See what changed", url: "/changelog?u=sample" });
    const badSms = await create("Bad SMS", "sms", { body: "{{ contact.email" });
    expect(badSms.body.errors).toEqual([{ field: "content.body", message: expect.stringContaining("line:1") }]);
  });

  it("test-sends into the local mailbox when no SMTP server is configured", async () => {
    const { body: template } = await create("Mailbox test", "email", welcome());
    const sent = await t.request("POST", `/api/v1/templates/${template.id}/test-send`, { body: { to: "me@templates.test" } });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.via).toBe("mailbox");
    const mailbox = await t.request("GET", "/api/v1/mailbox");
    const kept = mailbox.body.data.find((m: { to: string }) => m.to === "me@templates.test");
    expect(kept.subject).toBe("[Test] Ada, welcome aboard");
    const sms = await create("SMS no test", "sms", { body: "x" });
    expect((await t.request("POST", `/api/v1/templates/${sms.body.id}/test-send`, { body: { to: "me@templates.test" } })).status).toBe(400);
  });

  describe("with a real SMTP server on loopback", () => {
    let smtp: SmtpSink;
    let s: TestApp;
    beforeAll(async () => ({ t: s, smtp } = await startTestAppWithSmtp(dialect, {}, { mailFrom: "Parcours <hello@parcours.test>" })));
    afterAll(async () => s?.close());

    it("test-sends a multipart email with the rendered HTML, the text part and the sender", async () => {
      const { body: template } = await s.request("POST", "/api/v1/templates", { body: { name: "SMTP test", channel: "email", content: welcome() } });
      const contact = await s.request("POST", "/api/v1/contacts", { body: { email: "lin@templates.test", properties: { first_name: "Lin", plan: "pro" } } });
      const sent = await s.request("POST", `/api/v1/templates/${template.id}/test-send`, { body: { to: "qa@templates.test", contactId: contact.body.id } });
      expect(sent.body.via).toBe("smtp");
      const mail = smtp.received.find((m) => m.subject === "[Test] Lin, welcome aboard");
      expect(mail?.from?.text).toBe('"Parcours" <hello@parcours.test>');
      expect(mail?.html).toContain("Welcome Lin!");
      expect(mail?.text).toContain("Get started [https://app.example.com/start?plan=pro]");
      expect(mail?.messageId).toBe(`<${sent.body.messageId}@parcours>`);
    });
  });

  describe("through an SMTP server that requires STARTTLS and a login", () => {
    let smtp: SmtpSink;
    let s: TestApp;
    beforeAll(async () => {
      smtp = await startSmtpSink({ tlsWithLogin: { user: "mailer", pass: "s3cret" } });
      // Options in the URL's query: STARTTLS or fail, and trust the sink's self-signed certificate.
      s = await startTestApp(dialect, { smtpUrl: `smtp://mailer:s3cret@${new URL(smtp.url).host}?requireTLS=true&tls.rejectUnauthorized=false` });
    });
    afterAll(async () => {
      await s?.close();
      await smtp.close();
    });

    it("sends over TLS as the configured user", async () => {
      const { body: template } = await s.request("POST", "/api/v1/templates", { body: { name: "TLS test", channel: "email", content: welcome() } });
      expect((await s.request("POST", `/api/v1/templates/${template.id}/test-send`, { body: { to: "tls@templates.test" } })).body.via).toBe("smtp");
      expect(smtp.received.map(recipientOf)).toEqual(["tls@templates.test"]);
      expect(smtp.sessions).toEqual([{ secure: true, user: "mailer" }]);
    });
  });
});
