import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

const MJML = (text: string) => `<mjml><mj-body><mj-section><mj-column><mj-text>${text}</mj-text></mj-column></mj-section></mj-body></mjml>`;

/** What the template editor relies on: the merge fields it offers, and a live preview of content not saved yet. */
describe.each(dialects)("the template editor's API on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect, { scrypt: { cost: 10, blockSize: 8, parallelization: 1 } });
  });
  afterAll(async () => t?.close());

  const preview = (body: unknown, auth?: { headers: Record<string, string>; auth: null }) => t.request("POST", "/api/v1/templates/preview", { body, ...auth });

  it("lists the contact properties of the registry with their types, then the fields sends fill in", async () => {
    const contact = await t.request("POST", "/api/v1/contacts", { body: { email: "ada@fields.test", properties: { first_name: "Ada", seats: 12, "utm-source": "news" } } });
    expect(contact.status).toBe(201);

    const res = await t.request("GET", "/api/v1/templates/merge-fields");
    expect(res.status).toBe(200);
    const byPath = new Map(res.body.data.map((f: { path: string }) => [f.path, f]));
    expect(byPath.get("contact.properties.first_name")).toEqual({ path: "contact.properties.first_name", label: "first_name", description: "Contact property (string)", scope: "always", type: "string" });
    expect(byPath.get("contact.properties.seats")).toMatchObject({ type: "number" });
    // Not a Liquid identifier: reached with brackets.
    expect(byPath.get('contact.properties["utm-source"]')).toMatchObject({ label: "utm-source" });
    expect(byPath.get("unsubscribe_url")).toMatchObject({ scope: "marketing_email", type: null });
    for (const path of ["contact.email", "contact.lifecycleStage", "contact.score", "broadcast.name", "event.name", "workflow.id", "run.id"]) expect(byPath.has(path), path).toBe(true);
  });

  it("renders unsaved MJML content with sample data or a contact, stores nothing, and the paths it offers render", async () => {
    const sample = await preview({
      channel: "email",
      content: { subject: "Hi {{ contact.properties.first_name }}", preheader: "For {{ contact.email }}", format: "mjml", body: MJML("Hello {{ contact.properties.first_name }}!") },
      sample: { contact: { properties: { first_name: "Grace" } } },
    });
    expect(sample.status, JSON.stringify(sample.body)).toBe(200);
    expect(sample.body.problems).toEqual([]);
    expect(sample.body.rendered).toMatchObject({ subject: "Hi Grace", preheader: "For ada@example.com" });
    expect(sample.body.rendered.html).toContain("Hello Grace!");
    expect(sample.body.rendered.text).toContain("Hello Grace!");

    const contact = await t.request("POST", "/api/v1/contacts", { body: { email: "lin@fields.test", properties: { first_name: "Lin", "utm-source": "ads" } } });
    const real = await preview({ channel: "sms", content: { body: '{{ contact.properties.first_name }} from {{ contact.properties["utm-source"] }}' }, contactId: contact.body.id });
    expect(real.body).toEqual({ rendered: { body: "Lin from ads" }, problems: [] });
    const nobody = await preview({ channel: "sms", content: { body: "Hi" }, contactId: "no-such-contact" });
    expect(nobody.status).toBe(404);

    expect((await t.request("GET", "/api/v1/templates")).body.data).toEqual([]);
  });

  it("answers what saving would refuse, by field and line, rather than a rendering", async () => {
    const mjml = await preview({ channel: "email", content: { subject: "Hi", format: "mjml", body: "<mjml><mj-body><mj-section><mj-column>\n<mj-buton>Go</mj-buton>\n</mj-column></mj-section></mj-body></mjml>" } });
    expect(mjml.status).toBe(200);
    expect(mjml.body).toEqual({ rendered: null, problems: [{ field: "content.body", message: expect.stringMatching(/^MJML: line 2: .*mj-buton/) }] });
    // Saving the same content is refused with the same words.
    const save = await t.request("POST", "/api/v1/templates", { body: { name: "Broken", channel: "email", content: { subject: "Hi", format: "mjml", body: "<mjml><mj-body><mj-section><mj-column>\n<mj-buton>Go</mj-buton>\n</mj-column></mj-section></mj-body></mjml>" } } });
    expect(save.status).toBe(400);
    expect(save.body.errors).toEqual(mjml.body.problems);

    const liquid = await preview({ channel: "email", content: { subject: "{{ contact.email | shout }}", format: "html", body: "<p>x</p>" } });
    expect(liquid.body.problems).toEqual([{ field: "content.subject", message: expect.stringContaining("undefined filter: shout") }]);

    // Partials are not looked up on the server's disk: no file of it can be included.
    for (const tag of ["include", "render", "layout"]) {
      const file = await preview({ channel: "sms", content: { body: `{% ${tag} 'package.json' %}` } });
      expect(file.body, tag).toEqual({ rendered: null, problems: [{ field: "content", message: expect.stringContaining('Failed to lookup "package.json"') }] });
    }

    const missing = await preview({ channel: "in_app", content: { body: "no title" } });
    expect(missing.body.problems).toEqual([{ field: "content.title", message: expect.any(String) }]);
  });

  it("refuses a request that is not a draft (400 naming the field)", async () => {
    const channel = await preview({ channel: "fax", content: { body: "x" } });
    expect(channel.status).toBe(400);
    expect(channel.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(channel.body.errors[0].field).toBe("channel");
    const both = await preview({ channel: "sms", content: { body: "x" }, contactId: "c", sample: {} });
    expect(both.body.errors).toEqual([{ field: "sample", message: "give contactId or sample, not both" }]);
  });

  it("lets a read-only user preview (a saved template or a draft) but not save", async () => {
    const password = "a long enough password";
    expect((await t.request("POST", "/api/v1/users", { body: { email: "reader@fields.test", role: "read_only", password } })).status).toBe(201);
    const login = await t.request("POST", "/api/v1/auth/login", { auth: null, body: { email: "reader@fields.test", password } });
    const cookie = /^pc_session=[^;]*/.exec(String(login.headers["set-cookie"]))![0];
    const reader = { auth: null, headers: { cookie, "x-parcours-csrf": "1" } };

    const saved = await t.request("POST", "/api/v1/templates", { body: { name: "Saved", channel: "sms", content: { body: "Hi {{ contact.properties.first_name }}" } } });
    expect((await t.request("POST", `/api/v1/templates/${saved.body.id}/preview`, { ...reader, body: {} })).body).toEqual({ body: "Hi Ada" });
    expect((await preview({ channel: "sms", content: { body: "Draft" } }, reader)).body).toEqual({ rendered: { body: "Draft" }, problems: [] });
    expect((await t.request("GET", "/api/v1/templates/merge-fields", reader)).status).toBe(200);

    const save = await t.request("POST", "/api/v1/templates", { ...reader, body: { name: "Nope", channel: "sms", content: { body: "x" } } });
    expect(save.status).toBe(403);
    expect((await t.request("POST", `/api/v1/templates/${saved.body.id}/test-send`, { ...reader, body: { to: "qa@fields.test" } })).status).toBe(403);
  });
});
