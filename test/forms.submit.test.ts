import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";
import { startTestAppWithSmtp, type SmtpSink } from "./support/smtp-sink.js";

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const JSON_ACCEPT = { accept: "application/json" };
const BROWSER = { ...FORM, accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" };

const fields = [
  { name: "email", label: "Your email", type: "email", property: "email" },
  { name: "first_name", label: "First name", type: "text", property: "first_name", required: true },
  { name: "employees", label: "Employees", type: "number", property: "employees" },
  { name: "role", label: "Role", type: "select", property: "role", options: [{ value: "cto", label: "CTO" }, { value: "cmo", label: "CMO" }] },
  { name: "notes", label: "Notes", type: "textarea" },
  { name: "beta", label: "Join the beta", type: "checkbox", property: "beta" },
  { name: "source", label: "Source", type: "hidden", property: "lead_source", value: "guide-page" },
];

type TimelineEvent = { name: string; properties: Record<string, unknown> };

describe.each(dialects)("form submissions on %s", (dialect) => {
  let t: TestApp;
  let topic: { id: string; name: string };
  beforeAll(async () => {
    t = await startTestApp(dialect);
    topic = (await t.request("POST", "/api/v1/topics", { body: { name: "Guides" } })).body;
  });
  afterAll(async () => t?.close());

  const createForm = async (name: string, extra: Record<string, unknown> = {}) => {
    const res = await t.request("POST", "/api/v1/forms", { body: { name, definition: { version: 1, fields, consent: { topicId: topic.id, label: "Email me new guides" }, ...extra } } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  const post = (formId: string, body: string | Record<string, unknown>, headers: Record<string, string> = typeof body === "string" ? BROWSER : JSON_ACCEPT) =>
    t.request("POST", `/f/${formId}`, { auth: null, body, headers });
  const lookup = async (email: string) => {
    const res = await t.request("GET", `/api/v1/contacts/lookup?email=${encodeURIComponent(email)}`);
    return res.status === 200 ? res.body : undefined;
  };
  const timeline = async (contactId: string): Promise<TimelineEvent[]> => (await t.request("GET", `/api/v1/contacts/${contactId}/timeline?kind=internal&limit=100`)).body.data;
  const submissions = async (formId: string) => (await t.request("GET", `/api/v1/forms/${formId}/submissions`)).body.data;
  const advance = () => t.request("POST", "/api/v1/test-clock/advance", { body: { ms: 0 } });

  it("serves the hosted page: a label on every control, values escaped, no script, prefilled from the query", async () => {
    const id = await createForm("Hosted", { title: `<b>"Guide" & more</b>`, description: "Line one\n<script>alert(1)</script>", submitLabel: "Get it" });
    const page = await t.request("GET", `/f/${id}?first_name=%3Cimg%3E&source=ad`, { auth: null });
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.headers["content-security-policy"]).toContain("default-src 'none'");
    expect(page.text).toContain("<h1>&lt;b&gt;&quot;Guide&quot; &amp; more&lt;/b&gt;</h1>");
    expect(page.text).toContain("Line one<br>&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page.text).not.toMatch(/<script/);
    expect(page.text).toContain(`<form method="post" action="/f/${id}" accept-charset="utf-8">`);
    const controls = [...page.text.matchAll(/<(input|select|textarea)\b[^>]*>/g)].map((m) => m[0]).filter((c) => !c.includes('type="hidden"'));
    expect(controls).toHaveLength(fields.length - 1 + 2); // visible fields, the consent box, the honeypot
    for (const c of controls) {
      const controlId = /\bid="([^"]+)"/.exec(c)![1]!;
      expect(page.text, c).toContain(`<label for="${controlId}">`);
    }
    expect(page.text).toContain('value="&lt;img&gt;"');
    expect(page.text).toContain('<input type="hidden" name="source" value="ad">');
    expect(page.text).toContain('<option value="cto">CTO</option>');
    expect(page.text).toContain('name="_consent" value="true"');
    expect(page.text).toContain(">Get it</button>");

    const missing = await t.request("GET", "/f/no-such-form", { auth: null });
    expect(missing.status).toBe(404);
    expect(missing.headers["content-type"]).toMatch(/^text\/html/);
  });

  it("creates the contact from a urlencoded post: typed properties, the topic, form.submitted, a thank-you page", async () => {
    const id = await createForm("Urlencoded");
    const res = await post(id, "email=Ada%40Example.com&first_name=Ada&employees=40&role=cto&notes=Hi%0Athere&beta=on&_consent=true&_hp=&utm=ignored");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(res.text).toContain("Thank you!");

    const contact = await lookup("ada@example.com");
    expect(contact).toMatchObject({ email: "ada@example.com", properties: { first_name: "Ada", employees: 40, role: "cto", beta: true, lead_source: "guide-page" } });
    const events = await timeline(contact.id);
    const byName = (name: string) => events.filter((e) => e.name === name).map((e) => e.properties);
    expect(byName("contact.created")[0]).toMatchObject({ source: { channel: "form", formId: id } });
    expect(byName("topic.subscribed")).toEqual([{ topicId: topic.id, topicName: "Guides", source: "form" }]);
    const [submission] = await submissions(id);
    expect(byName("form.submitted")).toEqual([
      {
        formId: id,
        formName: "Urlencoded",
        submissionId: submission.id,
        fields: { email: "ada@example.com", first_name: "Ada", employees: 40, role: "cto", notes: "Hi\nthere", beta: true, source: "guide-page" },
        consent: true,
        confirmed: false,
      },
    ]);
    expect(submission).toMatchObject({ status: "accepted", contactId: contact.id, consentTopicId: topic.id, userAgent: "lightMyRequest" });
    const topics = (await t.request("GET", `/api/v1/contacts/${contact.id}/topics`)).body.data;
    expect(topics).toEqual([expect.objectContaining({ topicId: topic.id, status: "subscribed", source: "form" })]);
  });

  it("updates an existing contact from a JSON post and answers JSON; an unticked box subscribes nothing", async () => {
    const id = await createForm("Json");
    const existing = (await t.request("POST", "/api/v1/contacts", { body: { email: "grace@example.com", properties: { first_name: "G", company: "Navy" } } })).body;
    const res = await post(id, { email: "grace@example.com", first_name: "Grace", employees: "12", beta: false });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "accepted", message: "Thank you!" });
    const contact = await lookup("grace@example.com");
    expect(contact.id).toBe(existing.id);
    expect(contact.properties).toEqual({ first_name: "Grace", company: "Navy", employees: 12, beta: false, lead_source: "guide-page" });
    const events = await timeline(contact.id);
    expect(events.filter((e) => e.name === "property.changed").map((e) => e.properties)).toContainEqual({ property: "first_name", old: "G", new: "Grace" });
    expect(events.some((e) => e.name === "topic.subscribed")).toBe(false);
    expect(events.find((e) => e.name === "form.submitted")?.properties).toMatchObject({ consent: false, confirmed: false });
  });

  it("starts a published workflow triggered by form.submitted for that form, not for another", async () => {
    const id = await createForm("Lead magnet");
    const other = await createForm("Other form");
    const workflow = {
      version: 1,
      triggers: [{ type: "form.submitted", formId: id }],
      start: "tag",
      nodes: [
        { id: "tag", type: "action", action: { kind: "add_tag", tag: "guide-requested" }, next: "done" },
        { id: "done", type: "end" },
      ],
    };
    const wf = await t.request("POST", "/api/v1/workflows", { body: { name: "Lead magnet", definition: workflow } });
    expect((await t.request("POST", `/api/v1/workflows/${wf.body.id}/publish`)).status).toBe(200);

    expect((await post(id, { email: "lin@example.com", first_name: "Lin" })).status).toBe(200);
    expect((await post(other, { email: "mo@example.com", first_name: "Mo" })).status).toBe(200);
    await advance();
    await advance();
    const lin = await lookup("lin@example.com");
    expect(lin.tags).toEqual(["guide-requested"]);
    const [run] = (await t.request("GET", `/api/v1/contacts/${lin.id}/runs`)).body.data;
    expect(run).toMatchObject({ workflowId: wf.body.id, status: "completed" });
    expect((await lookup("mo@example.com")).tags).toEqual([]);
  });

  it("refuses to publish a workflow naming an unknown form; the simulator plays a form.submitted event", async () => {
    const id = await createForm("Simulated");
    const definition = (formId: string) => ({
      version: 1,
      triggers: [{ type: "form.submitted", formId }],
      start: "tag",
      nodes: [
        { id: "tag", type: "action", action: { kind: "add_tag", tag: "simulated" }, next: "done" },
        { id: "done", type: "end" },
      ],
    });
    const unknown = await t.request("POST", "/api/v1/workflows", { body: { name: "Unknown form", definition: definition("no-such-form") } });
    const refused = await t.request("POST", `/api/v1/workflows/${unknown.body.id}/publish`);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ field: "definition.triggers.0.formId", message: 'unknown form "no-such-form" in trigger 1' }]);

    const wf = await t.request("POST", "/api/v1/workflows", { body: { name: "Known form", definition: definition(id) } });
    const sim = await t.request("POST", `/api/v1/workflows/${wf.body.id}/simulate`, {
      body: { contact: { inline: { email: "sim@example.com" } }, timeline: [{ event: { type: "form.submitted", formId: id, fields: { first_name: "Sim" } } }] },
    });
    expect(sim.status, JSON.stringify(sim.body)).toBe(200);
    expect(sim.body).toMatchObject({ enrolled: true, contact: { tags: ["simulated"] } });
  });

  it("refuses missing and malformed fields, naming them: problem+json for JSON, the page with the errors for a browser", async () => {
    const id = await createForm("Strict", { consent: { topicId: topic.id, label: "I agree", required: true } });
    const json = await post(id, { email: "not-an-address", employees: "many", role: "ceo" });
    expect(json.status).toBe(400);
    expect(json.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(json.body.errors).toEqual([
      { field: "fields.email", message: '"not-an-address" is not a valid email address' },
      { field: "fields.first_name", message: "is required" },
      { field: "fields.employees", message: 'must be a number, got "many"' },
      { field: "fields.role", message: 'must be one of "cto", "cmo"' },
      { field: "fields._consent", message: "must be ticked" },
    ]);

    const page = await post(id, "email=&first_name=%3Cb%3EBo%3C%2Fb%3E&employees=3");
    expect(page.status).toBe(400);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.text).toContain('<div class="errors" role="alert">');
    expect(page.text).toContain("<li>Your email: is required</li>");
    expect(page.text).toMatch(/<input type="email" id="pf-email" name="email" required aria-invalid="true" aria-describedby="pf-email-error"/);
    expect(page.text).toContain('<span class="error" id="pf-email-error" data-parcours-error="email">is required</span>');
    expect(page.text).toContain('value="&lt;b&gt;Bo&lt;/b&gt;"');
    expect(page.text).toContain('value="3"');
    expect(await submissions(id)).toEqual([]);
  });

  it("redirects a browser to the success URL (303) and tells JSON clients where", async () => {
    const id = await createForm("Redirecting", { success: { redirectUrl: "https://example.com/thanks?guide=1" } });
    const browser = await post(id, "email=red%40example.com&first_name=Red");
    expect(browser.status).toBe(303);
    expect(browser.headers.location).toBe("https://example.com/thanks?guide=1");
    const json = await post(id, { email: "red2@example.com", first_name: "Red" });
    expect(json.body).toEqual({ status: "accepted", redirectUrl: "https://example.com/thanks?guide=1" });
    const page = await t.request("GET", `/f/${id}`, { auth: null });
    expect(page.headers["content-security-policy"]).toContain("form-action 'self' https://example.com;");
  });

  it("answers a filled honeypot with success and stores nothing", async () => {
    const id = await createForm("Trap");
    const res = await post(id, "email=bot%40spam.test&first_name=Bot&_hp=http%3A%2F%2Fspam.test");
    expect(res.status).toBe(200);
    expect(res.text).toContain("Thank you!");
    const json = await post(id, { email: "bot2@spam.test", _hp: "x" });
    expect(json.body).toEqual({ status: "accepted", message: "Thank you!" });
    expect(await lookup("bot@spam.test")).toBeUndefined();
    expect(await submissions(id)).toEqual([]);
  });

  it("limits submissions per IP address and form: the 11th in a minute is a 429 with Retry-After", async () => {
    const id = await createForm("Limited");
    const other = await createForm("Not limited");
    for (let i = 0; i < 10; i++) {
      t.clock.advance(1000);
      expect((await post(id, { email: `r${i}@rate.test`, first_name: "R" })).status).toBe(200);
    }
    const limited = await post(id, { email: "r10@rate.test", first_name: "R" });
    expect(limited.status).toBe(429);
    expect(limited.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(limited.headers["retry-after"]).toBe("51");
    expect(limited.body).toMatchObject({ status: 429, title: "Too many requests" });
    expect(await lookup("r10@rate.test")).toBeUndefined();
    // Another form, or another address, is counted apart.
    expect((await post(other, { email: "o@rate.test", first_name: "O" })).status).toBe(200);
    const elsewhere = await t.app.inject({ method: "POST", url: `/f/${id}`, remoteAddress: "203.0.113.9", payload: { email: "x@rate.test", first_name: "X" } });
    expect(elsewhere.statusCode).toBe(200);
    t.clock.advance(51_000);
    expect((await post(id, { email: "r11@rate.test", first_name: "R" })).status).toBe(200);
  });

  it("answers CORS preflights for allowed origins only, and refuses posts from other sites", async () => {
    const id = await createForm("Embedded", { allowedOrigins: ["https://www.example.com"] });
    const open = await createForm("Anywhere", { allowedOrigins: ["*"] });
    const preflight = (formId: string, origin: string) =>
      t.request("OPTIONS", `/f/${formId}`, { auth: null, headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" } });

    const allowed = await preflight(id, "https://www.example.com");
    expect(allowed.status).toBe(204);
    expect(allowed.headers).toMatchObject({
      "access-control-allow-origin": "https://www.example.com",
      "access-control-allow-methods": "POST",
      "access-control-allow-headers": "content-type, accept",
      vary: "Origin",
    });
    const denied = await preflight(id, "https://evil.example");
    expect(denied.status).toBe(403);
    expect(denied.headers["access-control-allow-origin"]).toBeUndefined();
    expect((await preflight(open, "https://anyone.example")).headers["access-control-allow-origin"]).toBe("*");

    // What the embedded snippet sends: FormData (multipart) asking for JSON.
    const body = ["email", "first_name"].map((k, i) => `--B\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${["emb@example.com", "Em"][i]}\r\n`).join("") + "--B--\r\n";
    const embedded = await post(id, body, { "content-type": "multipart/form-data; boundary=B", accept: "application/json", origin: "https://www.example.com" });
    expect(embedded.status).toBe(200);
    expect(embedded.headers["access-control-allow-origin"]).toBe("https://www.example.com");
    expect(embedded.body).toEqual({ status: "accepted", message: "Thank you!" });
    expect(await lookup("emb@example.com")).toBeDefined();

    const invalid = await post(id, { email: "nope" }, { accept: "application/json", origin: "https://www.example.com" });
    expect(invalid.status).toBe(400);
    expect(invalid.headers["access-control-allow-origin"]).toBe("https://www.example.com");

    const foreign = await post(id, { email: "evil@example.com", first_name: "E" }, { accept: "application/json", origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    expect(foreign.body.detail).toContain("allowedOrigins");
    expect(await lookup("evil@example.com")).toBeUndefined();
    // The hosted page posts from the server's own origin.
    expect((await post(id, { email: "own@example.com", first_name: "O" }, { accept: "application/json", origin: "http://localhost:80" })).status).toBe(200);
  });
});

describe.each(dialects)("double opt-in on %s", (dialect) => {
  let t: TestApp;
  let topicId: string;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    topicId = (await t.request("POST", "/api/v1/topics", { body: { name: "News" } })).body.id;
  });
  afterAll(async () => t?.close());

  const timeline = async (contactId: string): Promise<TimelineEvent[]> => (await t.request("GET", `/api/v1/contacts/${contactId}/timeline?kind=internal&limit=100`)).body.data;

  it("applies nothing until the emailed link is confirmed, then once, with confirmed: true", async () => {
    const created = await t.request("POST", "/api/v1/forms", {
      body: {
        name: "Double",
        definition: { version: 1, fields: fields.slice(0, 3), consent: { topicId, label: "Yes" }, doubleOptIn: { subject: "Confirm, please" }, success: { message: "You are in." } },
      },
    });
    const id = created.body.id as string;
    const res = await t.request("POST", `/f/${id}`, { auth: null, body: { email: "dee@example.com", first_name: "Dee", employees: 5, _consent: "on" }, headers: JSON_ACCEPT });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "pending_confirmation", message: expect.stringContaining("confirm your address") });
    expect((await t.request("GET", "/api/v1/contacts/lookup?email=dee@example.com")).status).toBe(404);
    const [pending] = (await t.request("GET", `/api/v1/forms/${id}/submissions`)).body.data;
    expect(pending).toMatchObject({ status: "pending_confirmation", contactId: null, email: "dee@example.com", properties: { first_name: "Dee", employees: 5 }, consentTopicId: topicId });

    const [mail] = (await t.request("GET", "/api/v1/mailbox")).body.data;
    expect(mail).toMatchObject({ to: "dee@example.com", subject: "Confirm, please", outboxKey: `form:${pending.id}` });
    const message = (await t.request("GET", `/api/v1/mailbox/${mail.id}`)).body;
    const link = new RegExp(`http://localhost:3000(/f/${id}/confirm/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)`).exec(message.text)![1]!;
    expect(message.html).toContain(`href="http://localhost:3000${link}"`);

    // Opening the link (a mail scanner does too) shows a button and changes nothing.
    const page = await t.request("GET", link, { auth: null });
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<form method="post" action="${link}">`);
    expect((await t.request("GET", "/api/v1/contacts/lookup?email=dee@example.com")).status).toBe(404);

    const confirmed = await t.request("POST", link, { auth: null, headers: BROWSER, body: "" });
    expect(confirmed.status).toBe(200);
    expect(confirmed.text).toContain("You are in.");
    const contact = (await t.request("GET", "/api/v1/contacts/lookup?email=dee@example.com")).body;
    expect(contact.properties).toEqual({ first_name: "Dee", employees: 5 });
    const events = await timeline(contact.id);
    expect(events.find((e) => e.name === "contact.created")?.properties).toMatchObject({ source: { channel: "form", formId: id } });
    expect(events.filter((e) => e.name === "topic.subscribed").map((e) => e.properties)).toEqual([{ topicId, topicName: "News", source: "form" }]);
    expect(events.filter((e) => e.name === "form.submitted").map((e) => e.properties)).toEqual([
      { formId: id, formName: "Double", submissionId: pending.id, fields: { email: "dee@example.com", first_name: "Dee", employees: 5 }, consent: true, confirmed: true },
    ]);
    const [done] = (await t.request("GET", `/api/v1/forms/${id}/submissions`)).body.data;
    expect(done).toMatchObject({ status: "confirmed", contactId: contact.id, confirmedAt: expect.any(String) });

    // A second click: the same page, no second event.
    const again = await t.request("POST", link, { auth: null, headers: JSON_ACCEPT, body: {} });
    expect(again.body).toEqual({ status: "accepted", message: "You are in." });
    expect((await timeline(contact.id)).filter((e) => e.name === "form.submitted")).toHaveLength(1);
  });

  it("refuses a forged or altered confirmation token with a 400", async () => {
    const form = (await t.request("GET", "/api/v1/forms")).body.data[0];
    const [submission] = (await t.request("GET", `/api/v1/forms/${form.id}/submissions`)).body.data;
    const forged = Buffer.from(JSON.stringify({ p: "fc", w: t.workspaceId, f: form.id, s: submission.id })).toString("base64url");
    for (const token of [`${forged}.AAAAAAAAAAAAAAAAAAAAAA`, "nonsense", forged]) {
      const page = await t.request("GET", `/f/${form.id}/confirm/${token}`, { auth: null });
      expect(page.status).toBe(400);
      expect(page.text).toContain("This link does not work");
      const post = await t.request("POST", `/f/${form.id}/confirm/${token}`, { auth: null, headers: JSON_ACCEPT, body: {} });
      expect(post.status).toBe(400);
      expect(post.body.errors).toEqual([{ field: "params.token", message: "is not a confirmation link of this form" }]);
    }
  });
});

describe.each(dialects)("double opt-in by SMTP on %s", (dialect) => {
  let smtp: SmtpSink;
  let t: TestApp;
  beforeAll(async () => ({ t, smtp } = await startTestAppWithSmtp(dialect)));
  afterAll(async () => t?.close());

  it("sends the form's template from the workspace's sender, and answers 503 when the server refuses it", async () => {
    const template = await t.request("POST", "/api/v1/templates", {
      body: { name: "Confirm", channel: "email", content: { subject: "{{ contact.properties.first_name }}, one more click", format: "html", body: '<p><a href="{{ confirm_url }}">Confirm</a> for {{ form.name }}</p>' } },
    });
    await t.request("POST", "/api/v1/senders", { body: { name: "Team", fromEmail: "hello@acme.test", fromName: "Acme" } });
    const form = await t.request("POST", "/api/v1/forms", {
      body: { name: "By SMTP", definition: { version: 1, fields: fields.slice(0, 2), doubleOptIn: { templateId: template.body.id } } },
    });
    const res = await t.request("POST", `/f/${form.body.id}`, { auth: null, body: { email: "sam@example.com", first_name: "Sam" }, headers: JSON_ACCEPT });
    expect(res.body.status).toBe("pending_confirmation");
    const mail = smtp.received.find((m) => m.subject === "Sam, one more click");
    expect(mail?.from?.text).toBe('"Acme" <hello@acme.test>');
    expect(mail?.html).toContain(`<a href="http://localhost:3000/f/${form.body.id}/confirm/`);
    expect(mail?.html).toContain("for By SMTP");
    expect((await t.request("GET", "/api/v1/mailbox")).body.data).toEqual([]);

    const refused = await t.request("POST", `/f/${form.body.id}`, { auth: null, body: { email: "nobody@example.com", first_name: "No" }, headers: JSON_ACCEPT });
    expect(refused.status).toBe(503);
    expect(refused.body.title).toBe("Confirmation email not sent");
  });
});
