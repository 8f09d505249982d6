import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

const fields = [
  { name: "email", label: "Email", type: "email", property: "email" },
  { name: "company", label: "Company", type: "text", property: "company" },
];
const definition = (extra: Record<string, unknown> = {}) => ({ version: 1, fields, ...extra });

describe.each(dialects)("forms API on %s", (dialect) => {
  let t: TestApp;
  let topicId: string;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    topicId = (await t.request("POST", "/api/v1/topics", { body: { name: "Guides" } })).body.id;
  });
  afterAll(async () => t?.close());

  const create = (name: string, def: unknown) => t.request("POST", "/api/v1/forms", { body: { name, definition: def } });
  const fieldsOf = (res: { body: { errors?: { field: string }[] } }) => res.body.errors?.map((e) => e.field);

  it("creates, reads, lists, updates and deletes a form; the definition gets its defaults", async () => {
    const created = await create("Premium guide", definition({ consent: { topicId, label: "Send me guides" } }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "Premium guide",
      pageUrl: `http://localhost:3000/f/${created.body.id}`,
      action: `http://localhost:3000/f/${created.body.id}`,
      definition: {
        version: 1,
        fields: [
          { name: "email", label: "Email", type: "email", property: "email", required: false },
          { name: "company", label: "Company", type: "text", property: "company", required: false },
        ],
        consent: { topicId, label: "Send me guides", required: false },
        success: { message: "Thank you!" },
        submitLabel: "Submit",
        allowedOrigins: [],
      },
    });
    const id = created.body.id as string;
    expect((await t.request("GET", `/api/v1/forms/${id}`)).body).toEqual(created.body);

    const second = await create("Newsletter", definition({ success: { redirectUrl: "https://example.com/thanks" } }));
    const page1 = await t.request("GET", "/api/v1/forms?limit=1");
    expect(page1.body.data.map((f: { name: string }) => f.name)).toEqual(["Premium guide"]);
    const page2 = await t.request("GET", `/api/v1/forms?limit=1&cursor=${page1.body.nextCursor}`);
    expect(page2.body).toMatchObject({ data: [{ id: second.body.id }], nextCursor: null });

    t.clock.advance(1000);
    const renamed = await t.request("PATCH", `/api/v1/forms/${id}`, { body: { name: "Premium guide (2026)", definition: definition({ title: "Get the guide" }) } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: "Premium guide (2026)", definition: { title: "Get the guide" } });
    expect(renamed.body.definition.consent).toBeUndefined();
    expect(renamed.body.updatedAt > renamed.body.createdAt).toBe(true);

    expect((await t.request("DELETE", `/api/v1/forms/${second.body.id}`)).status).toBe(204);
    expect((await t.request("GET", `/api/v1/forms/${second.body.id}`)).status).toBe(404);
    expect((await t.request("DELETE", `/api/v1/forms/${second.body.id}`)).status).toBe(404);
  });

  it("refuses a second form of the same name (409 naming name)", async () => {
    expect((await create("Twice", definition())).status).toBe(201);
    const again = await create("Twice", definition());
    expect(again.status).toBe(409);
    expect(fieldsOf(again)).toEqual(["name"]);
  });

  it("refuses a form without an email field mapped to the contact's email, naming the field", async () => {
    const noEmail = await create("No email", { version: 1, fields: [{ name: "company", label: "Company", type: "text", property: "company" }] });
    expect(noEmail.status).toBe(400);
    expect(noEmail.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(noEmail.body.errors).toEqual([{ field: "definition.fields", message: expect.stringContaining("needs an email field mapped to the contact's email") }]);

    const textEmail = await create("Text email", { version: 1, fields: [{ name: "email", label: "Email", type: "text", property: "email" }] });
    expect(fieldsOf(textEmail)).toEqual(["definition.fields.0.type"]);
  });

  it("names every bad field of a definition", async () => {
    const shape = await create("Bad shape", {
      version: 1,
      fields: [...fields, { name: "_hp", label: "Mine", type: "text" }, { name: "colour", label: "Colour", type: "color" }],
      success: { redirectUrl: "javascript:alert(1)" },
      allowedOrigins: ["https://example.com/path"],
      colour: "blue",
    });
    expect(shape.status).toBe(400);
    expect(fieldsOf(shape)).toEqual(["definition.fields.2.name", "definition.fields.3.type", "definition.success.redirectUrl", "definition.allowedOrigins.0", "definition.colour"]);

    // Checks across fields, once every field has its shape.
    const across = await create("Bad fields", {
      version: 1,
      fields: [
        ...fields,
        { name: "company", label: "Again", type: "text" },
        { name: "size", label: "Size", type: "select" },
        { name: "plan", label: "Plan", type: "text", options: [{ value: "a", label: "A" }], property: "company" },
      ],
      allowedOrigins: ["*", "https://example.com"],
    });
    expect(across.body.errors).toEqual([
      { field: "definition.fields.2.name", message: 'another field is already named "company"' },
      { field: "definition.fields.3.options", message: "a select needs its options" },
      { field: "definition.fields.4.options", message: "only a select has options" },
      { field: "definition.fields.4.property", message: 'field 2 already sets "company"' },
      { field: "definition.allowedOrigins", message: '"*" allows every origin: give it alone' },
    ]);
  });

  it("checks the workspace: the consent topic, the confirmation template, property names and types", async () => {
    const sms = await t.request("POST", "/api/v1/templates", { body: { name: "Text", channel: "sms", content: { body: "hi" } } });
    await t.request("POST", "/api/v1/contacts", { body: { email: "typed@example.com", properties: { employees: 40 } } });
    const bad = await create("Unknown things", {
      version: 1,
      fields: [
        ...fields,
        { name: "size", label: "Employees", type: "checkbox", property: "employees" },
        { name: "weird", label: "Weird", type: "text", property: "9 lives" },
      ],
      consent: { topicId: "no-such-topic", label: "Yes" },
      doubleOptIn: { templateId: sms.body.id },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { field: "definition.fields.2.property", message: 'the contact property "employees" is a number; a checkbox field cannot set it' },
      { field: "definition.fields.3.property", message: expect.stringContaining("property names start with a letter") },
      { field: "definition.consent.topicId", message: 'no topic "no-such-topic" in this workspace' },
      { field: "definition.doubleOptIn.templateId", message: expect.stringContaining("not an email one") },
    ]);
    const unknownTemplate = await create("Unknown template", definition({ doubleOptIn: { templateId: "nope" } }));
    expect(unknownTemplate.body.errors).toEqual([{ field: "definition.doubleOptIn.templateId", message: 'no template "nope" in this workspace' }]);
  });

  it("needs the secret key", async () => {
    expect((await t.request("GET", "/api/v1/forms", { auth: null })).status).toBe(401);
    expect((await t.request("GET", "/api/v1/forms", { auth: t.writeKey })).status).toBe(403);
  });

  it("gives the embeddable snippet: a form posting to the public endpoint, its labels, the hidden honeypot, a script", async () => {
    const form = await create("Embedded", definition({ allowedOrigins: ["https://www.example.com"], consent: { topicId, label: "Send me <guides>" } }));
    const embed = await t.request("GET", `/api/v1/forms/${form.body.id}/embed`);
    expect(embed.status).toBe(200);
    const { html, action, pageUrl } = embed.body;
    expect(action).toBe(`http://localhost:3000/f/${form.body.id}`);
    expect(pageUrl).toBe(action);
    expect(html).toContain(`<form method="post" action="${action}" accept-charset="utf-8" id="parcours-form-${form.body.id}" class="parcours-form">`);
    expect(html).toContain(`<label for="pf-${form.body.id}-email">Email <span class="required" aria-hidden="true">*</span></label><input type="email" id="pf-${form.body.id}-email" name="email" required`);
    expect(html).toContain(`<label for="pf-${form.body.id}-_consent">Send me &lt;guides&gt;</label>`);
    expect(html).toMatch(/<div aria-hidden="true" style="position:absolute;left:-10000px[^"]*"><label for="[^"]+-_hp">Leave this field empty<\/label><input type="text" id="[^"]+" name="_hp" tabindex="-1" autocomplete="off"><\/div>/);
    expect(html).toContain("<script>");
    expect(html).toContain('headers: { Accept: "application/json" }');
    expect(html).toContain(`document.getElementById("parcours-form-${form.body.id}")`);
  });

  it("lists a form's submissions newest first, by page and status", async () => {
    const form = await create("Listed", definition());
    const post = (email: string) =>
      t.request("POST", `/f/${form.body.id}`, { auth: null, body: { email, company: "Acme" }, headers: { accept: "application/json" } });
    for (const email of ["a@list.test", "b@list.test", "c@list.test"]) expect((await post(email)).status).toBe(200);
    const first = await t.request("GET", `/api/v1/forms/${form.body.id}/submissions?limit=2`);
    expect(first.body.data.map((s: { email: string }) => s.email)).toEqual(["c@list.test", "b@list.test"]);
    expect(first.body.data[0]).toMatchObject({ formId: form.body.id, status: "accepted", fields: { email: "c@list.test", company: "Acme" }, properties: { company: "Acme" }, consentTopicId: null });
    expect(first.body.data[0].contactId).toEqual(expect.any(String));
    expect(first.body.data[0].ipHash).toEqual(expect.any(String));
    const rest = await t.request("GET", `/api/v1/forms/${form.body.id}/submissions?limit=2&cursor=${first.body.nextCursor}`);
    expect(rest.body).toMatchObject({ data: [{ email: "a@list.test" }], nextCursor: null });
    expect((await t.request("GET", `/api/v1/forms/${form.body.id}/submissions?status=pending_confirmation`)).body.data).toEqual([]);
    expect((await t.request("GET", `/api/v1/forms/no-such-form/submissions`)).status).toBe(404);
  });
});
