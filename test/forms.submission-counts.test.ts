import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

const fields = [{ name: "email", label: "Email", type: "email", property: "email" }];

/** What the Forms screen relies on: each form's submission count, a hosted page it may preview, and that a browser can post. */
describe.each(dialects)("forms' submission counts and hosted page on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  const create = async (name: string, extra: Record<string, unknown> = {}) =>
    (await t.request("POST", "/api/v1/forms", { body: { name, definition: { version: 1, fields, ...extra } } })).body.id as string;
  const submit = (id: string, email: string) => t.request("POST", `/f/${id}`, { body: { email }, auth: null });

  it("counts each form's submissions by status, leaving out forms without any", async () => {
    const guide = await create("Guide");
    const newsletter = await create("Newsletter", { doubleOptIn: {} });
    const quiet = await create("Quiet");
    expect((await t.request("GET", "/api/v1/forms/submission-counts")).body).toEqual({ data: [] });

    for (const email of ["a@example.com", "b@example.com", "a@example.com"]) expect((await submit(guide, email)).status).toBe(200);
    expect((await submit(newsletter, "c@example.com")).body.status).toBe("pending_confirmation");

    const counts = await t.request("GET", "/api/v1/forms/submission-counts");
    expect(counts.status).toBe(200);
    const byForm = new Map(counts.body.data.map((c: { formId: string }) => [c.formId, c]));
    expect(byForm.get(guide)).toEqual({ formId: guide, total: 3, accepted: 3, pendingConfirmation: 0, confirmed: 0 });
    expect(byForm.get(newsletter)).toEqual({ formId: newsletter, total: 1, accepted: 0, pendingConfirmation: 1, confirmed: 0 });
    expect(byForm.has(quiet)).toBe(false);
  });

  it("lets Parcours's own pages frame the hosted page, and no other site", async () => {
    const id = await create("Framed");
    const page = await t.request("GET", `/f/${id}`, { auth: null });
    expect(page.status).toBe(200);
    expect(page.headers["content-security-policy"]).toContain("frame-ancestors 'self'");
    expect(page.headers["content-security-policy"]).not.toContain("frame-ancestors 'none'");
  });

  it("serves the hosted page so that a browser's post carries its origin, and posts back to the server that served it", async () => {
    const id = await create("Posted");
    const page = await t.request("GET", `/f/${id}`, { auth: null });
    // Under no-referrer, browsers send `Origin: null` with the form's post, which is refused.
    expect(page.headers["referrer-policy"]).toBe("same-origin");
    expect(page.text).toContain(`<form method="post" action="/f/${id}"`);
  });
});
