import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, consoleErrors, launchBrowser, openSignedIn, screenshot, type UiSession } from "./support/browser.js";
import { startTestApp, type TestApp } from "./support/harness.js";

type TimelineEvent = { kind: string; name: string | null; properties: Record<string, unknown> };

/** A port free now, so that Parcours's public URL (used in the form's action) can name it before it listens. */
async function freePort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** A plain static site on another loopback port (another origin), its pages by path. */
async function startSite(pages: Map<string, string>): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const html = pages.get(new URL(req.url ?? "/", "http://site").pathname);
    if (html === undefined) res.writeHead(req.url === "/favicon.ico" ? 204 : 404).end();
    else res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const sitePage = (title: string, snippet: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>${snippet}</head><body><h1>${title}</h1>${body}</body></html>`;

/** A visitor browses a site that includes the tracking script: its pages reach the contact it becomes. */
describe.skipIf(!browserAvailable())("the web tracking script on a site, in a browser", () => {
  let t: TestApp;
  let site: { origin: string; close(): Promise<void> };
  let browser: Browser;
  let base: string;
  /** The tracked link of the email Max gets (second test). */
  let tracked: string;
  const pages = new Map<string, string>();

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await startTestApp("sqlite", { baseUrl: base });
    await t.app.listen({ port, host: "127.0.0.1" });
    site = await startSite(pages);
    expect((await t.request("PUT", "/api/v1/site-tracking", { body: { allowedOrigins: [site.origin] } })).status).toBe(200);

    const form = await t.request("POST", "/api/v1/forms", {
      body: { name: "Demo request", definition: { version: 1, fields: [{ name: "email", label: "Work email", type: "email", property: "email" }], submitLabel: "Book a demo", allowedOrigins: [site.origin] } },
    });
    const embed = (await t.request("GET", `/api/v1/forms/${form.body.id}/embed`)).body.html as string;
    const snippet = ((await t.request("GET", "/api/v1/site-tracking")).body.snippet as string).replace("YOUR_WRITE_KEY", t.writeKey);
    pages.set("/index.html", sitePage("Acme", snippet, `<p><a href="/pricing.html">See our prices</a></p>`));
    pages.set("/pricing.html", sitePage("Acme pricing", snippet, `<p>Pro: 49 €/month.</p>${embed}`));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await t?.close();
  });

  const contactByEmail = async (email: string) => (await t.request("GET", `/api/v1/contacts/lookup?email=${encodeURIComponent(email)}`)).body as { id: string };
  const timeline = async (contactId: string) => (await t.request("GET", `/api/v1/contacts/${contactId}/timeline?limit=100`)).body.data as TimelineEvent[];
  const pageViewed = (page: Page) => page.waitForResponse((r) => r.url().endsWith("/v1/page") && r.status() === 200);

  it("records two page views with their UTM parameters and the time on the first, then a form submission makes them the contact's", async () => {
    const page = await browser.newPage();
    const errors = consoleErrors(page);

    let viewed = pageViewed(page);
    await page.goto(`${site.origin}/index.html?utm_source=newsletter&utm_medium=email&utm_campaign=spring`);
    await viewed;
    // Time on a page counts from one second.
    await page.waitForTimeout(1200);
    viewed = pageViewed(page);
    await page.getByRole("link", { name: "See our prices" }).click();
    await viewed;

    await page.getByLabel("Work email").fill("lea@acme.test");
    await page.getByRole("button", { name: "Book a demo" }).click();
    await page.getByRole("status").filter({ hasText: "Thank you!" }).waitFor();
    await screenshot(page, "site-tracking-form-sent");

    const lea = await contactByEmail("lea@acme.test");
    const views = (await timeline(lea.id)).filter((e) => e.kind === "page").reverse();
    expect(views.map((e) => e.name)).toEqual(["Page Viewed", "Page Viewed"]);
    expect(views[0]!.properties).toMatchObject({
      url: `${site.origin}/index.html?utm_source=newsletter&utm_medium=email&utm_campaign=spring`,
      path: "/index.html",
      title: "Acme",
      utm_source: "newsletter",
      utm_medium: "email",
      utm_campaign: "spring",
    });
    expect(views[1]!.properties).toMatchObject({ url: `${site.origin}/pricing.html`, title: "Acme pricing", referrer: `${site.origin}/index.html?utm_source=newsletter&utm_medium=email&utm_campaign=spring` });
    await expect
      .poll(async () => (await timeline(lea.id)).find((e) => e.name === "Time on Page")?.properties, { timeout: 5000 })
      .toMatchObject({ path: "/index.html", seconds: expect.any(Number) });
    expect((await timeline(lea.id)).map((e) => e.name)).toContain("form.submitted");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("ties a new browser to the contact who followed a tracked email link into the site, and takes the token out of the address bar", async () => {
    const template = await t.request("POST", "/api/v1/templates", {
      body: { name: "Prices", channel: "email", content: { subject: "Our prices", format: "html", body: `<p><a href="${site.origin}/pricing.html?utm_source=email">See the prices</a></p>` } },
    });
    const definition = {
      version: 1,
      triggers: [{ type: "event", name: "Asked For Prices" }],
      start: "send",
      nodes: [{ id: "send", type: "action", action: { kind: "send_email", templateId: template.body.id }, next: "done" }, { id: "done", type: "end" }],
    };
    const wf = await t.request("POST", "/api/v1/workflows", { body: { name: "Prices", definition } });
    await t.request("POST", `/api/v1/workflows/${wf.body.id}/publish`);
    await t.request("POST", "/v1/identify", { body: { userId: "max", traits: { email: "max@acme.test" } }, auth: t.writeKey });
    await t.request("POST", "/v1/track", { body: { userId: "max", event: "Asked For Prices" }, auth: t.writeKey });
    await t.request("POST", "/api/v1/test-clock/advance", { body: { ms: 0 } });
    await t.request("POST", "/api/v1/test-clock/advance", { body: { ms: 0 } });
    const [kept] = (await t.request("GET", "/api/v1/mailbox")).body.data as { id: string }[];
    const html = (await t.request("GET", `/api/v1/mailbox/${kept!.id}`)).body.html as string;
    tracked = /href="([^"]+\/t\/c\/[^"]+)"/.exec(html)![1]!;

    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = consoleErrors(page);
    const viewed = pageViewed(page);
    await page.goto(tracked);
    await viewed;
    expect(page.url()).toBe(`${site.origin}/pricing.html?utm_source=email`);

    const max = await contactByEmail("max@acme.test");
    const views = (await timeline(max.id)).filter((e) => e.kind === "page");
    expect(views.map((e) => e.properties)).toEqual([expect.objectContaining({ url: `${site.origin}/pricing.html?utm_source=email`, utm_source: "email" })]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("ties a returning browser through the pc_id cookie an earlier click left on the Parcours host, when site and Parcours share a site", async () => {
    // The cookie as a click in this browser left it (the loopback site and Parcours are the same site, ports aside).
    const click = await t.request("GET", new URL(tracked).pathname, { auth: null });
    const [name, value] = String(click.headers["set-cookie"]).split(";")[0]!.split("=") as [string, string];
    const context = await browser.newContext();
    await context.addCookies([{ name, value, url: base, httpOnly: true, sameSite: "Lax" }]);
    const page = await context.newPage();
    const errors = consoleErrors(page);
    const viewed = pageViewed(page);
    await page.goto(`${site.origin}/index.html`);
    await viewed;

    const max = await contactByEmail("max@acme.test");
    const urls = (await timeline(max.id)).filter((e) => e.kind === "page").map((e) => e.properties.url);
    expect(urls).toContain(`${site.origin}/index.html`);
    expect(errors).toEqual([]);
    await context.close();
  });
});

/** Where a marketer lists the tracked sites and copies the tag. */
describe.skipIf(!browserAvailable())("the Web tracking settings in a browser", () => {
  let ui: UiSession;
  beforeAll(async () => {
    ui = await openSignedIn("settings/web-tracking");
  });
  afterAll(async () => ui?.close());

  it("tells a newcomer what to do, saves the tracked sites (naming a bad one) and shows the tag", async () => {
    const { page } = ui;
    await page.getByRole("heading", { name: "Web tracking" }).waitFor();
    await page.getByText("No site is tracked yet.").waitFor();
    const sites = page.getByLabel("Tracked sites, one origin per line");
    await sites.fill("https://www.acme.test/pricing");
    await page.getByRole("button", { name: "Save the tracked sites" }).click();
    await page.getByRole("alert").filter({ hasText: "The sites were not saved" }).waitFor();
    expect(await sites.getAttribute("aria-invalid")).toBe("true");

    await sites.fill("https://www.acme.test\nhttps://shop.acme.test");
    await page.getByRole("button", { name: "Save the tracked sites" }).click();
    await page.getByRole("status").filter({ hasText: "pages of these sites may now send events" }).waitFor();
    expect(await page.getByText("No site is tracked yet.").count()).toBe(0);
    await expect.poll(() => page.getByLabel("Tracking tag").textContent()).toBe(`<script async src="${ui.t.deps.config.baseUrl}/t.js" data-key="YOUR_WRITE_KEY"></script>`);
    expect((await ui.t.request("GET", "/api/v1/site-tracking")).body.allowedOrigins).toEqual(["https://shop.acme.test", "https://www.acme.test"]);
    await screenshot(page, "settings-web-tracking");
    expect(ui.errors).toEqual([]);
  });

  it("shows a read-only user the sites and the tag without a way to change them", async () => {
    await ui.t.request("POST", "/api/v1/users", { body: { email: "rae@acme.test", name: "Rae", role: "read_only", password: "read only password" } });
    const context = await ui.browser.newContext();
    const page = await context.newPage();
    const errors = consoleErrors(page);
    await page.goto(`${ui.base}/`);
    await page.getByLabel("Email").fill("rae@acme.test");
    await page.getByLabel("Password").fill("read only password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("navigation", { name: "Settings sections" }).or(page.getByRole("banner")).first().waitFor();
    await page.goto(`${ui.base}/#/settings/web-tracking`);
    await page.getByRole("heading", { name: "Web tracking" }).waitFor();
    expect(await page.getByLabel("Tracked sites, one origin per line").isDisabled()).toBe(true);
    expect(await page.getByRole("button", { name: "Save the tracked sites" }).count()).toBe(0);
    await page.getByText("Changing the tracked sites needs the marketer or admin role.").waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
