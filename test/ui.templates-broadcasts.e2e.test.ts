import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, consoleErrors, openSignedIn, screenshot, type UiSession } from "./support/browser.js";

const HOUR = 3_600_000;

/** A marketer writes a template in the editor, test-sends it, then sends it as a broadcast with an A/B subject test and reads the results. */
describe.skipIf(!browserAvailable())("templates and broadcasts in a browser", () => {
  let ui: UiSession;
  beforeAll(async () => {
    // Cheap password hashing: two users sign in.
    ui = await openSignedIn("templates", { scrypt: { cost: 10, blockSize: 8, parallelization: 1 } });
  });
  afterAll(async () => ui?.close());

  const api = async (method: string, url: string, body?: unknown, status = 200) => {
    const res = await ui.t.request(method, url, body === undefined ? {} : { body });
    expect(res.status, `${method} ${url}: ${JSON.stringify(res.body)}`).toBe(status);
    return res.body;
  };

  it("writes a template with the merge-field picker, sees the server's error beside the body and the live preview, saves and test-sends it", async () => {
    const { page } = ui;
    await page.getByRole("heading", { name: "No templates yet" }).waitFor();
    await screenshot(page, "templates-empty");
    // A contact property the picker offers, from the property registry.
    await api("POST", "/api/v1/contacts", { email: "seed@acme.test", properties: { first_name: "Seed" } }, 201);

    await page.getByRole("link", { name: "Write your first template" }).click();
    await page.getByLabel("Name", { exact: true }).fill("Welcome");
    const subject = page.getByLabel("Subject", { exact: true });
    await subject.fill("Welcome aboard, !");
    // The caret after "aboard, ": the first name goes there.
    await subject.evaluate((el: HTMLInputElement) => el.setSelectionRange(16, 16));
    await page.getByLabel("Merge field", { exact: true }).selectOption("contact.properties.first_name");
    await page.getByRole("button", { name: "Insert into Subject" }).click();
    await expect.poll(() => subject.inputValue()).toBe("Welcome aboard, {{ contact.properties.first_name }}!");

    // A misspelt MJML element: the server's message shows beside the body, naming the line.
    const body = page.getByLabel("Body", { exact: true });
    await body.fill("<mjml><mj-body><mj-section><mj-column>\n<mj-txt>Hi</mj-txt>\n</mj-column></mj-section></mj-body></mjml>");
    await page.getByText(/MJML: line 2: .*mj-txt/).waitFor();

    // Fonts every client has: MJML's default is fetched from Google Fonts, which this machine cannot reach.
    await body.fill(
      '<mjml><mj-head><mj-attributes><mj-all font-family="Arial" /></mj-attributes></mj-head><mj-body><mj-section><mj-column><mj-text>Glad you are here, {{ contact.properties.first_name }}.</mj-text></mj-column></mj-section></mj-body></mjml>',
    );
    await page.getByTestId("preview-subject").getByText("Welcome aboard, Ada!").waitFor();
    const frame = page.frameLocator("iframe.tp-frame");
    await frame.getByText("Glad you are here, Ada.").waitFor();
    await page.getByRole("radio", { name: "Mobile" }).click();
    expect(await page.locator("iframe.tp-frame").evaluate((el) => el.getBoundingClientRect().width)).toBe(375);
    await screenshot(page, "templates-editor");
    // Rendered for a real contact instead of the sample data.
    await page.getByLabel("Preview as (a contact's email)").fill("seed@acme.test");
    await page.getByRole("button", { name: "Preview", exact: true }).click();
    await page.getByTestId("preview-subject").getByText("Welcome aboard, Seed!").waitFor();
    await page.getByRole("button", { name: "Use sample data" }).click();

    await page.getByRole("button", { name: "Create template" }).click();
    await page.getByRole("heading", { name: "Welcome", exact: true }).waitFor();
    await page.getByText("Version 1", { exact: true }).waitFor();

    await page.getByLabel("Send a test to").fill("qa@acme.test");
    await page.getByRole("button", { name: "Send test" }).click();
    await page.getByText("Sent to qa@acme.test").waitFor();
    const mailbox = await api("GET", "/api/v1/mailbox?limit=10");
    expect(mailbox.data.map((m: { to: string; subject: string }) => [m.to, m.subject])).toContainEqual(["qa@acme.test", "[Test] Welcome aboard, Ada!"]);

    // A second version, and the history listing both.
    await subject.fill("Welcome, {{ contact.properties.first_name }}!");
    await page.getByRole("button", { name: "Save as a new version" }).click();
    await page.getByText("Saved as version 2").waitFor();
    await page.getByRole("button", { name: "Edit from version 1" }).waitFor();
    await screenshot(page, "templates-saved");
    expect(ui.errors).toEqual([]);
  });

  it("creates a broadcast to a list with an A/B subject test, sends it and follows its results", async () => {
    const { page, t } = ui;
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await api("POST", "/api/v1/contacts", { email: `reader${i}@acme.test`, properties: { first_name: `Reader${i}` } }, 201)).id);
    const list = await api("POST", "/api/v1/lists", { name: "Newsletter" }, 201);
    await api("POST", `/api/v1/lists/${list.id}/members`, { contactIds: ids });

    await page.getByRole("link", { name: "Broadcasts" }).click();
    await page.getByRole("heading", { name: "No broadcasts yet" }).waitFor();
    await page.getByRole("link", { name: "Create your first broadcast" }).click();
    await page.getByLabel("Name", { exact: true }).fill("June newsletter");
    await expect.poll(() => page.getByLabel("List", { exact: true }).inputValue()).toBe(list.id);
    expect(await page.getByLabel("Email template").inputValue()).not.toBe("");
    await page.getByLabel("Test variants of the subject or the template on a sample first").check();
    await page.getByLabel("Variant a subject").fill("June: what is new, {{ contact.properties.first_name }}");
    await page.getByLabel("Variant b subject").fill("Your June update");
    await page.getByLabel("Sample size (% of the audience)").fill("20");
    await page.getByLabel("Winner by").selectOption("opens");
    await screenshot(page, "broadcasts-new");
    await page.getByRole("button", { name: "Save and send now" }).click();
    await page.getByRole("heading", { name: "June newsletter" }).waitFor();

    // The sample goes out (one per variant), and one reader of variant b opens it.
    await api("POST", "/api/v1/test-clock/advance", { ms: 0 });
    await page.locator(".bc-status", { hasText: "A/B testing" }).waitFor();
    const sample = (await api("GET", "/api/v1/mailbox?limit=50")).data.filter((m: { subject: string }) => m.subject === "Your June update");
    expect(sample).toHaveLength(1);
    const html: string = (await api("GET", `/api/v1/mailbox/${sample[0].id}`)).html;
    const pixel = /src="https?:\/\/[^/"]+(\/t\/o\/[^"]+)"/.exec(html)![1]!;
    expect((await t.request("GET", pixel, { auth: null })).status).toBe(200);

    // The test ends: the winner goes to the other eight.
    await api("POST", "/api/v1/test-clock/advance", { ms: 4 * HOUR });
    await page.locator(".bc-status", { hasText: "Sent" }).waitFor({ timeout: 15_000 });
    const all = page.getByTestId("stats-All recipients");
    await expect.poll(() => all.locator("td").nth(2).textContent(), { timeout: 10_000 }).toBe("10");
    await page.getByTestId("stats-Variant b").getByText("winner").waitFor();
    expect(await page.getByTestId("stats-Variant b").locator("td").nth(4).textContent()).toBe("1");
    await screenshot(page, "broadcasts-results");

    await page.getByRole("link", { name: "← Broadcasts" }).click();
    const row = page.getByRole("row", { name: /June newsletter/ });
    await row.getByText("Sent", { exact: true }).waitFor();
    await row.getByRole("cell", { name: "10" }).first().waitFor();
    await screenshot(page, "broadcasts-list");
    expect(ui.errors).toEqual([]);
  });

  it("keeps a scheduled draft with a resend, changes it, schedules it, cancels it and deletes it", async () => {
    const { page } = ui;
    await page.goto(`${ui.base}/#/broadcasts/new`);
    await page.getByLabel("Name", { exact: true }).fill("July newsletter");
    await page.getByLabel("At a given time").check();
    await page.getByLabel("Send at").fill("2026-01-08T10:00");
    await page.getByLabel("Send it again, with another subject, to those who have not opened it").check();
    await page.getByLabel("Resend subject").fill("In case you missed it");
    await page.getByRole("button", { name: "Save draft" }).click();
    await page.locator(".bc-status", { hasText: "Draft" }).waitFor();

    await page.getByRole("link", { name: "Change" }).click();
    await page.getByLabel("Limit how fast it goes out").check();
    await page.getByLabel("Messages per second at most").fill("5");
    await page.getByRole("button", { name: "Save draft" }).click();
    await page.getByText("5 messages per second at most").waitFor();
    await page.getByRole("button", { name: "Schedule" }).click();
    await page.locator(".bc-status", { hasText: "Scheduled" }).waitFor();
    await page.getByRole("button", { name: "Cancel sending" }).click();
    await page.locator(".bc-status", { hasText: "Cancelled" }).waitFor();
    expect((await api("GET", "/api/v1/broadcasts?status=cancelled")).data.map((b: { name: string }) => b.name)).toEqual(["July newsletter"]);

    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("button", { name: "Yes, delete" }).click();
    await page.getByRole("link", { name: "Open broadcast June newsletter" }).waitFor();
    expect(await page.getByRole("link", { name: "Open broadcast July newsletter" }).count()).toBe(0);
    expect(ui.errors).toEqual([]);
  });

  it("shows a read-only user the templates, previews and results with no control that would change them", async () => {
    await api("POST", "/api/v1/users", { email: "reader@acme.test", role: "read_only", password: "a long enough password" }, 201);
    const context = await ui.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = consoleErrors(page);
    await page.goto(`${ui.base}/#/templates`);
    await page.getByLabel("Email").fill("reader@acme.test");
    await page.getByLabel("Password").fill("a long enough password");
    await page.getByRole("button", { name: "Sign in" }).click();

    await page.getByRole("link", { name: "Open template Welcome" }).click();
    await page.getByTestId("preview-subject").getByText("Welcome, Ada!").waitFor();
    expect(await page.getByLabel("Subject", { exact: true }).getAttribute("readonly")).not.toBeNull();
    for (const name of [/Save/, /Insert into/, "Send test", "Delete"]) expect(await page.getByRole("button", { name }).count()).toBe(0);
    await page.getByRole("button", { name: "Show version 1" }).waitFor();

    await page.getByRole("link", { name: "Broadcasts" }).click();
    expect(await page.getByRole("link", { name: "New broadcast" }).count()).toBe(0);
    await page.getByRole("link", { name: "Open broadcast June newsletter" }).click();
    await page.getByTestId("stats-Variant b").getByText("winner").waitFor();
    expect(await page.getByRole("button", { name: /Delete|Cancel|Send/ }).count()).toBe(0);
    await screenshot(page, "broadcasts-read-only");
    await context.close();
    expect(errors).toEqual([]);
  });
});
