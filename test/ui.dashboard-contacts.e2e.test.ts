import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, consoleErrors, openSignedIn, screenshot, type UiSession } from "./support/browser.js";

/**
 * The dashboard and the contacts screens in Chromium against a real server: a new install's
 * dashboard, then one filled through the API — the funnel, the emails chart, live workflows — and
 * a marketer finding, sorting and opening contacts, exporting one and erasing another; a
 * read-only user sees no erase button.
 */
describe.skipIf(!browserAvailable())("the dashboard and the contacts in a browser", () => {
  let ui: UiSession;
  const ids: Record<string, string> = {};
  let welcomeId = "";

  beforeAll(async () => {
    ui = await openSignedIn("dashboard");
  });
  afterAll(async () => ui?.close());

  const api = async (method: string, url: string, body?: unknown) => {
    const res = await ui.t.request(method, url, body === undefined ? {} : { body });
    expect(res.status, `${method} ${url}: ${res.text}`).toBeLessThan(300);
    return res.body;
  };
  const advance = (ms = 0) => api("POST", "/api/v1/test-clock/advance", { ms });
  const emailsShown = () => ui.page.locator("table.contacts-table tbody tr td:first-child").allTextContents();

  it("greets a new install with the steps to a first journey", async () => {
    await ui.page.getByRole("heading", { name: "Your dashboard fills in as contacts arrive" }).waitFor();
    await screenshot(ui.page, "dashboard-new-install");
    expect(ui.errors).toEqual([]);
  });

  it("shows the funnel, the emails of the last 30 days and the live workflows", async () => {
    await api("POST", "/api/v1/scoring-rules", { kind: "event", name: "Viewed pricing", points: 10, event: { name: "Pricing Viewed" } });
    const people = {
      ada: { email: "ada@acme.test", externalId: "ada-1", lifecycleStage: "lead", properties: { name: "Ada Lovelace", company: "Acme" }, tags: ["vip"] },
      bob: { email: "bob@beta.test", lifecycleStage: "lead", score: 30, properties: { name: "Bob Stone" } },
      cy: { email: "cy@gamma.test", lifecycleStage: "mql", score: 20, properties: { name: "Cy Young" }, tags: ["vip"] },
      dee: { email: "dee@delta.test", lifecycleStage: "customer", score: 5 },
    };
    for (const [key, body] of Object.entries(people)) ids[key] = (await api("POST", "/api/v1/contacts", body)).id;
    const list = await api("POST", "/api/v1/lists", { name: "Webinar" });
    await api("POST", `/api/v1/lists/${list.id}/members`, { contactIds: [ids.bob, ids.cy] });

    const template = await api("POST", "/api/v1/templates", {
      name: "Welcome",
      channel: "email",
      content: { subject: "Welcome aboard", format: "html", body: '<p>Hello. <a href="https://example.com/pricing">See our pricing</a></p>' },
    });
    const definition = {
      version: 1,
      triggers: [{ type: "api" }],
      start: "welcome",
      nodes: [
        { id: "welcome", type: "action", action: { kind: "send_email", templateId: template.id }, next: "wait_2d" },
        { id: "wait_2d", type: "delay", wait: { kind: "duration", duration: { amount: 2, unit: "days" } }, next: "done" },
        { id: "done", type: "end" },
      ],
    };
    welcomeId = (await api("POST", "/api/v1/workflows", { name: "Welcome series", definition })).id;
    await api("POST", `/api/v1/workflows/${welcomeId}/publish`);
    for (const key of ["ada", "bob", "cy"]) await api("POST", `/api/v1/workflows/${welcomeId}/enrol`, { contactId: ids[key] });
    await advance();
    await advance();

    // Ada opens her welcome email and follows its link; she then views the pricing page (10 points).
    const kept = (await api("GET", "/api/v1/mailbox?limit=10")).data.find((m: { to: string }) => m.to.includes("ada@acme.test"));
    const html: string = (await api("GET", `/api/v1/mailbox/${kept.id}`)).html;
    for (const re of [/<img src="([^"]+\/t\/o\/[^"]+)"/, /href="([^"]+\/t\/c\/[^"]+)"/]) {
      const path = new URL(html.match(re)![1]!.replace(/&amp;/g, "&")).pathname;
      expect((await ui.t.request("GET", path, { auth: null })).status).toBeLessThan(400);
    }
    expect((await ui.t.request("POST", "/v1/track", { body: { userId: "ada-1", event: "Pricing Viewed" }, auth: ui.t.writeKey })).status).toBe(200);
    await advance();

    await ui.page.getByRole("button", { name: "Refresh" }).click();
    const leads = ui.page.locator('tr[data-stage="lead"]');
    await leads.waitFor();
    expect(await leads.locator("th").textContent()).toBe("Lead");
    expect(await leads.locator("td.num").first().textContent()).toBe("2");
    expect(await ui.page.locator('tr[data-stage="mql"] td.num').first().textContent()).toBe("1");
    const chart = ui.page.getByRole("img", { name: /^Emails per day over the last 30 days/ });
    expect(await chart.getAttribute("aria-label")).toContain("3 sent, 1 opened, 1 clicked");
    await ui.page.getByText("Figures by day").click();
    const workflows = ui.page.getByRole("region", { name: "Active workflows" });
    expect(await workflows.getByRole("row", { name: /Welcome series/ }).locator("td").allTextContents()).toEqual(["1", "3", "0", "0", "0", "3"]);
    await screenshot(ui.page, "dashboard-overview");
    expect(ui.errors).toEqual([]);
  });

  it("searches, filters and sorts the contacts", async () => {
    await ui.page.getByRole("link", { name: "Contacts", exact: true }).click();
    await ui.page.getByRole("heading", { name: "Contacts" }).waitFor();
    await expect.poll(emailsShown).toEqual(["dee@delta.test", "cy@gamma.test", "bob@beta.test", "ada@acme.test"]);

    // A search reaches property values: Ada's name.
    await ui.page.getByLabel("Search contacts by email, user id, name or any property").fill("lovelace");
    await ui.page.getByRole("button", { name: "Search", exact: true }).click();
    await expect.poll(emailsShown).toEqual(["ada@acme.test"]);
    await screenshot(ui.page, "contacts-search");
    await ui.page.getByLabel("Search contacts by email, user id, name or any property").fill("");
    await ui.page.getByRole("button", { name: "Search", exact: true }).click();

    await ui.page.getByLabel("Tag", { exact: true }).selectOption("vip");
    await expect.poll(emailsShown).toEqual(["cy@gamma.test", "ada@acme.test"]);
    await ui.page.getByLabel("Lifecycle stage", { exact: true }).selectOption("mql");
    await expect.poll(emailsShown).toEqual(["cy@gamma.test"]);
    await ui.page.getByRole("button", { name: "Clear the search and filters" }).click();
    await expect.poll(emailsShown).toHaveLength(4);
    await ui.page.getByLabel("List", { exact: true }).selectOption({ label: "Webinar (2)" });
    await expect.poll(emailsShown).toEqual(["cy@gamma.test", "bob@beta.test"]);
    await ui.page.getByLabel("List", { exact: true }).selectOption("");

    // Highest score first, then the other way round.
    await ui.page.getByRole("button", { name: "Sort by score" }).click();
    await expect.poll(emailsShown).toEqual(["bob@beta.test", "cy@gamma.test", "ada@acme.test", "dee@delta.test"]);
    expect(await ui.page.locator("th", { has: ui.page.getByRole("button", { name: /Sort by score/ }) }).getAttribute("aria-sort")).toBe("descending");
    await screenshot(ui.page, "contacts-sorted-by-score");
    await ui.page.getByRole("button", { name: /Sort by score/ }).click();
    await expect.poll(emailsShown).toEqual(["dee@delta.test", "ada@acme.test", "cy@gamma.test", "bob@beta.test"]);
    expect(ui.errors).toEqual([]);
  });

  it("opens a contact's page: score history, workflows and timeline; exports it", async () => {
    await ui.page.getByRole("link", { name: "Open contact ada@acme.test" }).click();
    await ui.page.getByRole("heading", { name: "ada@acme.test", level: 1 }).waitFor();
    expect(ui.page.url()).toContain(`#/contacts/${ids.ada}`);
    const score = ui.page.getByRole("region", { name: "Score" });
    await score.getByRole("cell", { name: "Viewed pricing (Pricing Viewed)" }).waitFor();
    expect(await score.getByRole("row", { name: /Viewed pricing/ }).locator("td").allTextContents()).toEqual([expect.any(String), "main", "+10", "10", "Viewed pricing (Pricing Viewed)"]);
    await ui.page.getByTestId(`enrolment-${welcomeId}`).getByText(/^waiting in step wait_2d until .+, then done$/).waitFor();
    await ui.page.getByRole("region", { name: "About" }).getByRole("listitem").filter({ hasText: "no stage → lead (api)" }).waitFor();
    const timeline = ui.page.getByRole("region", { name: "Timeline" });
    await timeline.getByText("email.clicked").waitFor();
    await timeline.getByText("email.sent").waitFor();
    await screenshot(ui.page, "contacts-page");

    const [download] = await Promise.all([ui.page.waitForEvent("download"), ui.page.getByRole("button", { name: "Export (JSON)" }).click()]);
    expect(download.suggestedFilename()).toBe(`contact-${ids.ada}.json`);
    const exported = JSON.parse(fs.readFileSync((await download.path())!, "utf8"));
    expect(exported.contact).toMatchObject({ id: ids.ada, email: "ada@acme.test", tags: ["vip"] });
    expect(exported.events.map((e: { name: string }) => e.name)).toContain("email.opened");
    expect(ui.errors).toEqual([]);
  });

  it("erases a contact after a confirmation", async () => {
    await ui.page.goto(`${ui.base}/#/contacts/${ids.dee}`);
    await ui.page.getByRole("button", { name: "Erase contact…" }).click();
    const dialog = ui.page.getByRole("dialog", { name: "Erase dee@delta.test?" });
    await dialog.waitFor();
    await screenshot(ui.page, "contacts-erase-dialog");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "hidden" });
    expect((await ui.t.request("GET", `/api/v1/contacts/${ids.dee}`)).status).toBe(200);

    await ui.page.getByRole("button", { name: "Erase contact…" }).click();
    await dialog.getByRole("button", { name: "Erase for good" }).click();
    await ui.page.getByRole("status").filter({ hasText: "dee@delta.test was erased." }).waitFor();
    expect(ui.page.url()).toMatch(/#\/contacts$/);
    await expect.poll(emailsShown).not.toContain("dee@delta.test");
    expect((await ui.t.request("GET", `/api/v1/contacts/${ids.dee}`)).status).toBe(404);
    expect(ui.errors).toEqual([]);
  });

  it("shows a read-only user the contact page with export but without erase", async () => {
    await api("POST", "/api/v1/users", { email: "rae@acme.test", name: "Rae", role: "read_only", password: "read only password" });
    const context = await ui.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = consoleErrors(page);
    // Signing in keeps the address: the contact's page opens straight after.
    await page.goto(`${ui.base}/#/contacts/${ids.cy}`);
    await page.getByLabel("Email").fill("rae@acme.test");
    await page.getByLabel("Password").fill("read only password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "cy@gamma.test", level: 1 }).waitFor();
    await page.getByRole("button", { name: "Export (JSON)" }).waitFor();
    expect(await page.getByRole("button", { name: "Erase contact…" }).count()).toBe(0);
    await screenshot(page, "contacts-page-read-only");
    expect(errors).toEqual([]);
    await context.close();
  });
});
