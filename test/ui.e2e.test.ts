import fs from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, consoleErrors, launchBrowser, screenshot } from "./support/browser.js";
import { startTestApp, type TestApp } from "./support/harness.js";

const WEB_DIST = path.resolve(import.meta.dirname, "../web/dist/index.html");

/** The built UI in Chromium against a real server on a loopback port (SQLite: the UI does not depend on the store). */
describe.skipIf(!browserAvailable())("the web UI in a browser", () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let base: string;

  beforeAll(async () => {
    if (!fs.existsSync(WEB_DIST)) throw new Error("the UI is not built: `npm test` builds it first (npm run build:web)");
    t = await startTestApp("sqlite");
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    errors = consoleErrors(page);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it("creates the first admin on an empty install and shows the contacts' empty state", async () => {
    await page.goto(base);
    await page.getByRole("heading", { name: "Welcome to Parcours" }).waitFor();
    await screenshot(page, "01-setup");
    await page.getByLabel("Email").fill("ada@acme.test");
    await page.getByLabel("Your name (optional)").fill("Ada");
    await page.getByLabel("Password", { exact: true }).fill("correct horse battery");
    await page.getByLabel("Repeat the password").fill("correct horse battery");
    await page.getByRole("button", { name: "Create the admin account" }).click();
    await page.getByRole("heading", { name: "No contacts yet" }).waitFor();
    await screenshot(page, "02-contacts-empty");
    expect(errors).toEqual([]);
  });

  it("lists a contact created through the API, and shows its timeline", async () => {
    const created = await t.request("POST", "/api/v1/contacts", { body: { email: "lin@acme.test", properties: { company: "Acme" }, tags: ["vip"] } });
    expect(created.status).toBe(201);
    await page.reload();
    await page.getByRole("button", { name: "Open contact lin@acme.test" }).click();
    await page.getByText("contact.created").first().waitFor();
    await screenshot(page, "03-contact");
    expect(errors).toEqual([]);
  });

  it("shows an email kept in the local mailbox", async () => {
    const template = await t.request("POST", "/api/v1/templates", { body: { name: "Hello", channel: "email", content: { subject: "Hello from Parcours", format: "html", body: "<p>Hi there</p>" } } });
    expect((await t.request("POST", `/api/v1/templates/${template.body.id}/test-send`, { body: { to: "qa@acme.test" } })).status).toBe(200);
    await page.getByRole("link", { name: "Mailbox" }).click();
    await page.getByRole("button", { name: "[Test] Hello from Parcours" }).click();
    await page.getByRole("heading", { name: "[Test] Hello from Parcours" }).waitFor();
    expect(await page.frameLocator("iframe.message-frame").getByText("Hi there").textContent()).toBe("Hi there");
    await screenshot(page, "04-mailbox");
    expect(errors).toEqual([]);
  });

  it("shows a published workflow with its live counts, and starts a new one from the palette", async () => {
    const template = await t.request("POST", "/api/v1/templates", { body: { name: "Welcome", channel: "email", content: { subject: "Welcome, {{ contact.properties.first_name }}", format: "html", body: "<p>Glad you joined</p>" } } });
    const definition = {
      version: 1,
      triggers: [{ type: "event", name: "Signed Up" }],
      start: "welcome",
      nodes: [
        { id: "welcome", type: "action", action: { kind: "send_email", templateId: template.body.id }, next: "wait_2d" },
        { id: "wait_2d", type: "delay", wait: { kind: "duration", duration: { amount: 2, unit: "days" } }, next: "tag" },
        { id: "tag", type: "action", action: { kind: "add_tag", tag: "onboarded" }, next: "done" },
        { id: "done", type: "end" },
      ],
    };
    const wf = await t.request("POST", "/api/v1/workflows", { body: { name: "Welcome series", definition } });
    expect((await t.request("POST", `/api/v1/workflows/${wf.body.id}/publish`)).status).toBe(200);

    await page.getByRole("link", { name: "Workflows" }).click();
    await page.getByRole("button", { name: "Open workflow Welcome series" }).click();
    for (const id of ["trigger", "welcome", "wait_2d", "tag", "done"]) await page.getByTestId(`node-${id}`).waitFor();

    // Someone signs up: the email goes to the mailbox, and the run waits in the delay, on the canvas too.
    expect((await t.request("POST", "/v1/identify", { body: { userId: "kim-ui", traits: { email: "kim@acme.test", first_name: "Kim" } }, auth: t.writeKey })).status).toBe(200);
    expect((await t.request("POST", "/v1/track", { body: { userId: "kim-ui", event: "Signed Up" }, auth: t.writeKey })).status).toBe(200);
    await t.request("POST", "/api/v1/test-clock/advance", { body: { ms: 0 } });
    await t.request("POST", "/api/v1/test-clock/advance", { body: { ms: 0 } });
    await page.locator('[data-testid="count-wait_2d"][data-waiting="1"]').waitFor({ timeout: 15_000 });
    await screenshot(page, "05-workflow-live");

    await page.getByText("← Workflows").click();
    await page.getByLabel("Name of the new workflow").fill("Trial nudges");
    await page.getByRole("button", { name: "New workflow" }).click();
    await page.getByRole("button", { name: "Add a Delay step" }).click();
    await page.locator('[data-testid^="node-wait"]').first().waitFor();
    await screenshot(page, "06-workflow-new");

    await page.getByRole("link", { name: "Mailbox" }).click();
    await page.getByRole("button", { name: "Welcome, Kim" }).waitFor();
    expect(errors).toEqual([]);
  });
});
