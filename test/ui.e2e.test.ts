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
    await page.getByRole("link", { name: "Contacts" }).click();
    await page.getByRole("heading", { name: "No contacts yet" }).waitFor();
    await screenshot(page, "02-contacts-empty");
    expect(errors).toEqual([]);
  });

  it("lists a contact created through the API, and shows its timeline", async () => {
    const created = await t.request("POST", "/api/v1/contacts", { body: { email: "lin@acme.test", properties: { company: "Acme" }, tags: ["vip"] } });
    expect(created.status).toBe(201);
    await page.reload();
    await page.getByLabel("Open contact lin@acme.test").click();
    await page.getByText("contact.created").first().waitFor();
    await screenshot(page, "03-contact");
    expect(errors).toEqual([]);
  });

  it("builds a segment in the visual builder, with its live count and sample, then shows its members and history", async () => {
    for (const body of [
      { email: "mo@acme.test", properties: { company: "Acme Corp", seats: 40 }, tags: ["vip"] },
      { email: "sam@other.test", properties: { company: "Other", seats: 3 }, tags: ["vip"] },
    ])
      expect((await t.request("POST", "/api/v1/contacts", { body })).status).toBe(201);
    const list = await t.request("POST", "/api/v1/lists", { body: { name: "Trial users" } });
    expect(list.status).toBe(201);
    await page.getByRole("link", { name: "Segments" }).click();
    await page.getByRole("heading", { name: "No segments yet" }).waitFor();
    await screenshot(page, "segments-01-empty");

    await page.getByRole("link", { name: "New segment" }).click();
    await page.getByLabel("Name", { exact: true }).fill("Acme VIPs");
    // The first condition is on a property: the registry types company as text, so text operators are offered.
    const first = page.getByRole("group", { name: "Condition 1", exact: true });
    await first.getByLabel("Property").fill("company");
    await first.getByLabel("Operator").selectOption({ label: "contains" });
    await first.getByLabel("Value").fill("acme");
    await page.locator('[data-testid="segment-count"][data-count="2"]').waitFor();

    // An unfinished condition is marked where it is, and nothing is counted until it is done.
    await page.getByRole("button", { name: "Add a condition to conditions" }).click();
    const second = page.getByRole("group", { name: "Condition 2", exact: true });
    await second.getByLabel("Condition 2 on").selectOption({ label: "Tag" });
    await second.getByRole("alert").getByText("tag: required").waitFor();
    await second.getByLabel("Tag", { exact: true }).fill("vip");
    // A nested group: seats at least 10, or a score of 50 or more.
    await page.getByRole("button", { name: "Add a group to conditions" }).click();
    const group = page.getByRole("group", { name: "Group 3", exact: true });
    await group.getByLabel("Group 3: contacts matching").selectOption("any");
    const seats = group.getByRole("group", { name: "Condition 3.1", exact: true });
    await seats.getByLabel("Property").fill("seats");
    await seats.getByLabel("Operator").selectOption({ label: "is at least" });
    await seats.getByLabel("Value").fill("10");
    await page.locator('[data-testid="segment-count"][data-count="1"]').waitFor();
    await page.getByRole("complementary").getByRole("link", { name: "mo@acme.test" }).waitFor();
    await screenshot(page, "segments-02-builder");

    // The server's refusal names the path of the condition (rule.rules.3.listId), and the builder shows it there.
    await page.getByRole("button", { name: "Add a condition to conditions" }).click();
    const fourth = page.getByRole("group", { name: "Condition 4", exact: true });
    await fourth.getByLabel("Condition 4 on").selectOption({ label: "List" });
    await fourth.getByLabel("List", { exact: true }).selectOption({ label: "Trial users" });
    await page.locator('[data-testid="segment-count"][data-count="0"]').waitFor();
    expect((await t.request("DELETE", `/api/v1/lists/${list.body.id}`)).status).toBe(204);
    await fourth.getByLabel("Contact is").selectOption({ label: "not in the list" });
    await fourth.getByRole("alert").getByText(`listId: no list "${list.body.id}" in this workspace`).waitFor();
    await screenshot(page, "segments-03-refused");
    // Chromium logs every refused request itself: that one line, for the refusal provoked here, is the only one.
    expect(errors).toEqual(["Failed to load resource: the server responded with a status of 400 (Bad Request)"]);
    errors.length = 0;
    await page.getByRole("button", { name: "Remove condition 4" }).click();
    await page.locator('[data-testid="segment-count"][data-count="1"]').waitFor();

    await page.getByRole("button", { name: "Create segment" }).click();
    await page.getByRole("heading", { name: "Acme VIPs" }).waitFor();
    await t.request("POST", "/api/v1/test-clock/advance", { body: { ms: 0 } });
    await page.locator('[data-testid="segment-members"][data-count="1"]').waitFor({ timeout: 15_000 });
    await page.getByRole("region", { name: "History" }).getByRole("link", { name: "mo@acme.test" }).waitFor();
    await page.getByText("company contains “acme”").waitFor();
    await screenshot(page, "segments-04-segment");

    await page.getByRole("link", { name: "← Segments" }).click();
    await page.getByRole("link", { name: "Acme VIPs" }).waitFor();
    await screenshot(page, "segments-05-list");
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

  it("builds a four-step workflow by dragging steps from the palette and connecting their handles, publishes it, and follows a contact through it", async () => {
    const template = await t.request("POST", "/api/v1/templates", { body: { name: "Trial welcome", channel: "email", content: { subject: "Your trial has started", format: "html", body: "<p>Enjoy the trial</p>" } } });
    expect(template.status).toBe(201);
    await page.getByRole("link", { name: "Workflows" }).click();
    await page.getByLabel("Name of the new workflow").fill("Trial follow-up");
    await page.getByRole("button", { name: "New workflow" }).click();
    await page.getByTestId("node-done").waitFor();

    // Three steps dragged from the palette into a free column left of the trigger; the End step is there already.
    const canvas = page.getByRole("region", { name: "Workflow canvas" });
    const trigger = (await page.getByTestId("node-trigger").boundingBox())!;
    const drop = async (step: string, row: number, id: string) => {
      const area = (await canvas.boundingBox())!;
      // A dropped step's top-left corner lands 100 px left of and 20 px above the pointer.
      const at = { x: trigger.x - 140 - area.x, y: trigger.y - 170 + row * 170 + 20 - area.y };
      await page.getByRole("button", { name: `Add a ${step} step` }).dragTo(canvas, { targetPosition: at });
      await page.getByTestId(`node-${id}`).waitFor();
    };
    await drop("Action", 0, "action");
    await drop("Delay", 1, "wait");
    await drop("Action", 2, "action_2");

    // Connected by dragging from each handle to the next step, trigger → email → delay → tag → end.
    const connect = async (from: string, handle: string, to: string) => {
      const source = page.getByTestId(`node-${from}`).locator(`.react-flow__handle[data-handleid="${handle}"]`);
      const box = (await source.boundingBox())!;
      const target = (await page.getByTestId(`node-${to}`).boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 8 });
      await page.mouse.up();
      await page.getByTestId(`rf__edge-${from === "trigger" ? "$trigger" : from}|${handle}`).waitFor({ state: "attached" });
    };
    await connect("trigger", "start", "action");
    await connect("action", "next", "wait");
    await connect("wait", "next", "action_2");
    await connect("action_2", "next", "done");

    // Each step configured in the side panel.
    await page.getByTestId("node-trigger").click();
    await page.getByLabel("When").selectOption({ label: "Custom event" });
    await page.getByLabel("Event name").fill("Trial Started");
    await page.getByTestId("node-action").click();
    await page.getByLabel("Action", { exact: true }).selectOption({ label: "Send an email" });
    await page.getByLabel("Email template").selectOption({ label: "Trial welcome" });
    await page.getByTestId("node-wait").click();
    await page.getByLabel("Duration: amount").fill("2");
    await page.getByTestId("node-action_2").click();
    await page.getByLabel("Tag", { exact: true }).fill("trial-nurtured");
    await page.getByTestId("node-done").click();
    await page.getByLabel("Label (shown on the canvas)").fill("Nurtured");
    await page.getByRole("button", { name: "Tidy up" }).click();
    await screenshot(page, "07-workflow-built");

    await page.getByRole("button", { name: "Publish" }).click();
    await page.getByText("version 1 live").waitFor();

    // A trial starts (an event through the API): the email goes out and the run waits in the delay, then finishes.
    expect((await t.request("POST", "/v1/identify", { body: { userId: "ren-ui", traits: { email: "ren@acme.test" } }, auth: t.writeKey })).status).toBe(200);
    expect((await t.request("POST", "/v1/track", { body: { userId: "ren-ui", event: "Trial Started" }, auth: t.writeKey })).status).toBe(200);
    await t.request("POST", "/api/v1/test-clock/advance", { body: { ms: 0 } });
    await t.request("POST", "/api/v1/test-clock/advance", { body: { ms: 0 } });
    await page.locator('[data-testid="count-wait"][data-waiting="1"]').waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="count-action"][data-entered="1"]').waitFor();
    await screenshot(page, "08-workflow-waiting");
    await t.request("POST", "/api/v1/test-clock/advance", { body: { ms: 2 * 86_400_000 } });
    await page.locator('[data-testid="count-done"][data-completed="1"]').waitFor({ timeout: 15_000 });
    await screenshot(page, "09-workflow-done");

    await page.getByRole("link", { name: "Mailbox" }).click();
    await page.getByRole("button", { name: "Your trial has started" }).click();
    await page.getByRole("heading", { name: "Your trial has started" }).waitFor();
    expect(errors).toEqual([]);
  });

  it("shows a read-only user segments and workflows without the controls that would change them", async () => {
    const created = await t.request("POST", "/api/v1/users", { body: { email: "rita@acme.test", name: "Rita", role: "read_only", password: "correct horse battery" } });
    expect(created.status).toBe(201);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const reader = await context.newPage();
    const readerErrors = consoleErrors(reader);
    await reader.goto(`${base}/#/segments`);
    await reader.getByLabel("Email").fill("rita@acme.test");
    await reader.getByLabel("Password", { exact: true }).fill("correct horse battery");
    await reader.getByRole("button", { name: "Sign in" }).click();

    await reader.getByRole("link", { name: "Acme VIPs" }).click();
    await reader.locator('[data-testid="segment-members"][data-count="1"]').waitFor();
    expect(await reader.getByRole("link", { name: "Edit" }).count()).toBe(0);
    expect(await reader.getByRole("button", { name: "Delete" }).count()).toBe(0);
    await screenshot(reader, "segments-06-read-only");
    await reader.getByRole("link", { name: "← Segments" }).click();
    await reader.getByRole("link", { name: "Acme VIPs" }).waitFor();
    expect(await reader.getByRole("link", { name: "New segment" }).count()).toBe(0);

    await reader.getByRole("link", { name: "Workflows" }).click();
    await reader.getByRole("button", { name: "Open workflow Trial follow-up" }).waitFor();
    expect(await reader.getByRole("button", { name: "New workflow" }).count()).toBe(0);
    await reader.getByRole("button", { name: "Open workflow Trial follow-up" }).click();
    await reader.getByText("Your role can read workflows, not change them.").waitFor();
    expect(await reader.getByRole("button", { name: "Publish" }).count()).toBe(0);
    expect(await reader.getByRole("button", { name: "Pause" }).count()).toBe(0);
    expect(readerErrors).toEqual([]);
    await context.close();
  });
});
