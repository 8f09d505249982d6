import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, consoleErrors, openSignedIn, screenshot, type UiSession } from "./support/browser.js";

/** The Forms and Settings screens in Chromium, signed in as the first admin, checked through the API. */
describe.skipIf(!browserAvailable())("forms and settings in a browser", () => {
  let ui: UiSession;
  let page: Page;
  beforeAll(async () => {
    ui = await openSignedIn("settings");
    page = ui.page;
  });
  afterAll(async () => ui?.close());

  const section = async (name: string) => {
    await page.getByRole("navigation", { name: "Settings sections" }).getByRole("link", { name }).click();
    await page.getByRole("heading", { name, level: 2 }).waitFor();
  };

  it("adds a funnel stage, a scoring rule, a sender and a subscription topic", async () => {
    await page.getByRole("heading", { name: "Funnel stages", level: 2 }).waitFor();
    await page.getByLabel("Stage id").fill("trial");
    await page.getByLabel("Stage label").fill("Trial user");
    await page.getByRole("button", { name: "Add the stage" }).click();
    await page.getByRole("button", { name: "Move trial earlier" }).click();
    await page.getByRole("button", { name: "Save the stages" }).click();
    await page.getByText("The stages are saved.").waitFor();
    await page.getByRole("button", { name: "Undo changes" }).waitFor({ state: "detached" });
    await screenshot(page, "settings-stages");
    const stages = (await ui.t.request("GET", "/api/v1/workspace")).body.settings.lifecycleStages.map((s: { id: string }) => s.id);
    expect(stages.slice(-2)).toEqual(["trial", "evangelist"]);

    await section("Scoring rules");
    await page.getByText("No scoring rules yet").waitFor();
    await page.getByLabel("Rule name").fill("Pricing page");
    await page.getByLabel("Points", { exact: true }).fill("5");
    await page.getByLabel("Event name").fill("Page Viewed");
    await page.getByLabel("Event property (optional filter)").fill("url");
    await page.getByLabel("Value", { exact: true }).fill("/pricing");
    await page.getByRole("button", { name: "Add the rule" }).click();
    await page.getByRole("cell", { name: "Pricing page", exact: true }).waitFor();
    await screenshot(page, "settings-scoring");
    expect((await ui.t.request("GET", "/api/v1/scoring-rules")).body.data).toMatchObject([
      { kind: "event", name: "Pricing page", points: 5, score: "default", event: { name: "Page Viewed", filters: [{ property: "url", op: "contains", value: "/pricing" }] } },
    ]);

    await section("Sender identities");
    await page.getByLabel("Sender name").fill("Marketing");
    await page.getByLabel("From address").fill("news@acme.test");
    await page.getByLabel("From name (optional)").fill("Acme");
    await page.getByRole("button", { name: "Add the sender" }).click();
    await page.getByRole("cell", { name: '"Acme" <news@acme.test>', exact: true }).waitFor();
    await screenshot(page, "settings-senders");
    expect((await ui.t.request("GET", "/api/v1/senders")).body.data).toMatchObject([{ name: "Marketing", fromEmail: "news@acme.test", isDefault: true }]);

    await section("Subscription topics");
    await page.getByLabel("Topic name").fill("Product news");
    await page.getByRole("button", { name: "Add the topic" }).click();
    await page.getByRole("cell", { name: "Product news", exact: true }).waitFor();
    await screenshot(page, "settings-topics");
    expect((await ui.t.request("GET", "/api/v1/topics")).body.data).toMatchObject([{ name: "Product news", defaultStatus: "unsubscribed" }]);
    expect(ui.errors).toEqual([]);
  });

  it("creates an API key whose secret is shown once and works", async () => {
    await section("API keys");
    await page.getByLabel("Key name (optional)").fill("CI");
    await page.getByRole("button", { name: "Create the key" }).click();
    const key = (await page.getByTestId("new-key").textContent())!;
    await screenshot(page, "settings-api-key");
    expect((await ui.t.request("GET", "/api/v1/forms", { auth: key })).status).toBe(200);
    await page.getByRole("button", { name: "I have saved it" }).click();
    await page.getByRole("cell", { name: "CI", exact: true }).waitFor();
    expect(await page.getByText(key).count()).toBe(0);
    expect(ui.errors).toEqual([]);
  });

  it("subscribes a URL to webhooks, shows its secret once, and lists a test event in its delivery log", async () => {
    await section("Webhooks");
    await page.getByText("No webhook subscriptions yet.").waitFor();
    await page.getByLabel("Endpoint URL").fill("https://crm.example.com/hooks/parcours");
    await page.getByRole("button", { name: "Add the subscription" }).click();
    expect(await page.getByTestId("webhook-secret").textContent()).toMatch(/^whsec_/);
    await page.getByRole("button", { name: "I have saved it" }).click();
    await page.getByRole("button", { name: "Send a test event" }).click();
    await page.getByText("webhook.test", { exact: true }).waitFor();
    await screenshot(page, "settings-webhooks");
    const [subscription] = (await ui.t.request("GET", "/api/v1/webhook-subscriptions")).body.data;
    expect(subscription).toMatchObject({ url: "https://crm.example.com/hooks/parcours", eventTypes: ["contact.created", "lifecycle.changed"], enabled: true });
    expect(ui.errors).toEqual([]);
  });

  it("creates a marketer user", async () => {
    await section("Users");
    await page.getByLabel("User email").fill("lin@acme.test");
    await page.getByLabel("User name (optional)").fill("Lin");
    await page.getByLabel("Role", { exact: true }).selectOption("marketer");
    await page.getByLabel("Initial password (optional)").fill("a long enough password");
    await page.getByRole("button", { name: "Add the user" }).click();
    await page.getByRole("cell", { name: "lin@acme.test", exact: true }).waitFor();
    await screenshot(page, "settings-users");
    const users = (await ui.t.request("GET", "/api/v1/users")).body.data;
    expect(users.find((u: { email: string }) => u.email === "lin@acme.test")).toMatchObject({ name: "Lin", role: "marketer", hasPassword: true });
    expect(ui.errors).toEqual([]);
  });

  it("creates a form with a consent box, previews it, and its hosted page creates the contact", async () => {
    await page.getByRole("link", { name: "Forms", exact: true }).click();
    await page.getByText("No forms yet.").waitFor();
    await screenshot(page, "forms-empty");
    await page.getByRole("link", { name: "New form" }).click();
    await page.getByLabel("Name", { exact: true }).fill("Benchmark guide");
    await page.getByRole("button", { name: "Add a field" }).click();
    await page.getByLabel("Label of field 2").fill("First name");
    await page.getByLabel("Contact property set by field 2").fill("first_name");
    await page.getByLabel("Add a consent checkbox that subscribes the contact to a topic").check();
    await page.getByLabel("Subscription topic").selectOption({ label: "Product news" });
    await page.getByLabel("Consent checkbox text").fill("Send me product news");
    await page.getByRole("button", { name: "Create form" }).click();

    await page.getByRole("heading", { name: "Benchmark guide", level: 2 }).waitFor();
    const preview = page.frameLocator("iframe.form-frame");
    await preview.getByRole("heading", { name: "Benchmark guide" }).waitFor();
    await page.getByRole("button", { name: "Copy the snippet" }).waitFor();
    await screenshot(page, "forms-editor");
    const formId = decodeURIComponent(new URL(page.url()).hash.replace("#/forms/", ""));
    const form = (await ui.t.request("GET", `/api/v1/forms/${formId}`)).body;
    expect(form.definition).toMatchObject({
      fields: [
        { name: "email", property: "email", type: "email" },
        { name: "first_name", label: "First name", property: "first_name", type: "text" },
      ],
      consent: { label: "Send me product news" },
    });

    // A visitor: another browser context, without the admin's session.
    const hosted = await ui.browser.newPage();
    const visitorErrors = consoleErrors(hosted);
    await hosted.goto(`${ui.base}/f/${formId}`);
    await hosted.getByLabel("Email").fill("grace@acme.test");
    await hosted.getByLabel("First name").fill("Grace");
    await hosted.getByLabel("Send me product news").check();
    await hosted.getByRole("button", { name: "Submit" }).click();
    await hosted.getByText("Thank you!").waitFor();
    await screenshot(hosted, "forms-hosted-submitted");
    expect(visitorErrors).toEqual([]);
    await hosted.close();

    const contacts = (await ui.t.request("GET", "/api/v1/contacts?q=grace@acme.test")).body.data;
    expect(contacts).toMatchObject([{ email: "grace@acme.test", properties: { first_name: "Grace" } }]);
    const topics = (await ui.t.request("GET", `/api/v1/contacts/${contacts[0].id}/topics`)).body.data;
    expect(topics).toMatchObject([{ name: "Product news", status: "subscribed", byDefault: false, source: "form" }]);

    await page.getByRole("region", { name: "Latest submissions" }).getByRole("button", { name: "Refresh" }).click();
    await page.getByRole("cell", { name: "grace@acme.test", exact: true }).waitFor();
    await page.getByRole("link", { name: "← Forms" }).click();
    await page.getByRole("link", { name: "Benchmark guide" }).waitFor();
    expect(await page.getByRole("row", { name: /Benchmark guide/ }).getByRole("cell").nth(4).textContent()).toBe("1");
    await screenshot(page, "forms-list");
    expect(ui.errors).toEqual([]);
  });

  it("shows a read-only user the settings and forms without write controls, and hides the admin sections", async () => {
    expect((await ui.t.request("POST", "/api/v1/users", { body: { email: "ro@acme.test", role: "read_only", password: "read only password" } })).status).toBe(201);
    const reader = await ui.browser.newPage();
    const readerErrors = consoleErrors(reader);
    await reader.goto(`${ui.base}/#/settings/topics`);
    await reader.getByLabel("Email").fill("ro@acme.test");
    await reader.getByLabel("Password", { exact: true }).fill("read only password");
    await reader.getByRole("button", { name: "Sign in" }).click();
    await reader.getByRole("cell", { name: "Product news", exact: true }).waitFor();
    const sections = reader.getByRole("navigation", { name: "Settings sections" });
    expect(await sections.getByRole("link", { name: "API keys" }).count()).toBe(0);
    expect(await sections.getByRole("link", { name: "Users" }).count()).toBe(0);
    expect(await reader.getByRole("button", { name: "Add the topic" }).count()).toBe(0);
    expect(await reader.getByRole("button", { name: /^Delete/ }).count()).toBe(0);
    await screenshot(reader, "settings-read-only");
    await reader.getByRole("link", { name: "Forms", exact: true }).click();
    await reader.getByRole("link", { name: "Benchmark guide" }).click();
    await reader.getByText("You can read this form").waitFor();
    expect(await reader.getByRole("button", { name: "Save" }).count()).toBe(0);
    expect(await reader.getByLabel("Name", { exact: true }).isDisabled()).toBe(true);
    expect(readerErrors).toEqual([]);
    await reader.close();
  });
});
