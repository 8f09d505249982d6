import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, openSignedIn, screenshot, type UiSession } from "./support/browser.js";

/** "Start from a recipe" in Chromium: from the workflows list to the gallery, a search, a recipe with a team param, created and opened in the builder. */
describe.skipIf(!browserAvailable())("recipes in a browser", () => {
  let ui: UiSession;
  beforeAll(async () => {
    ui = await openSignedIn("workflows");
  });
  afterAll(async () => ui?.close());

  it("finds a recipe by words, shows what it creates, and creates it with its team of reps", async () => {
    const { page, t } = ui;
    const rep = (await t.request("POST", "/api/v1/users", { body: { email: "rep@acme.test", name: "Rita Rep", role: "marketer" } })).body;

    await page.getByRole("link", { name: "Start from a recipe" }).first().click();
    await page.getByRole("heading", { name: "Start from a recipe", level: 2 }).waitFor();
    await page.getByRole("link", { name: "Lead-magnet auto-responder" }).waitFor();
    await screenshot(page, "recipes-gallery");

    await page.getByLabel("Goal or words").fill("budget");
    await page.getByRole("link", { name: "Route leads by budget: sequence or sales rep" }).click();
    await page.getByRole("heading", { name: "Route leads by budget: sequence or sales rep", level: 2 }).waitFor();
    await page.getByText('form "Contact us (with budget)"').waitFor();

    // Without a rep chosen, the missing setting is named next to it.
    await page.getByRole("button", { name: "Create and open in the builder" }).click();
    await page.getByText("Choose at least one user").waitFor();
    await page.getByRole("checkbox", { name: "Rita Rep (rep@acme.test)" }).check();
    await screenshot(page, "recipes-detail");
    await page.getByRole("button", { name: "Create and open in the builder" }).click();
    await page.waitForURL(/#\/workflows\/[^/]+$/);

    const workflows = (await t.request("GET", "/api/v1/workflows")).body.data;
    expect(workflows).toMatchObject([{ name: "Route leads by budget", status: "draft" }]);
    expect(page.url()).toContain(`#/workflows/${workflows[0].id}`);
    const draft = (await t.request("GET", `/api/v1/workflows/${workflows[0].id}`)).body.draft;
    expect(draft.nodes.find((n: { id: string }) => n.id === "assign_rep").action.owner).toEqual({ roundRobin: [rep.id] });
    // The address opens the new draft in the builder.
    await page.getByTestId("node-assign_rep").waitFor();
    await screenshot(page, "recipes-created");
    expect(ui.errors).toEqual([]);
  });

  it("shows a newcomer what to do when nothing matches", async () => {
    const { page } = ui;
    await page.goto(`${ui.base}/#/recipes`);
    await page.getByLabel("Goal or words").fill("zzz no such words");
    await page.getByText("No recipe matches").waitFor();
    await page.getByRole("button", { name: "Show every recipe" }).click();
    await page.getByRole("link", { name: "Nurturing sequence" }).waitFor();
    expect(ui.errors).toEqual([]);
  });
});
