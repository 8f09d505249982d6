import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFromRecipe, loadRecipes, readRecipe } from "../src/recipes/index.js";
import { Recipe } from "../src/schemas/recipe.js";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

/** What a recipe author and an operator rely on beyond the API: broken files are named, and a failed creation leaves nothing behind. */
describe("recipe files that do not fit", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "recipes-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("are reported with the file and the field, and left out", async () => {
    const good = JSON.parse(fs.readFileSync(new URL("../recipes/lead-magnet-autoresponder.json", import.meta.url), "utf8"));
    const broken = structuredClone(good);
    broken.id = "broken";
    broken.workflows[0].definition.nodes[1].wait.duration.unit = "fortnights";
    broken.examples[0].simulation.timeline[0].event.formId = "$form:nope";
    fs.writeFileSync(path.join(dir, "broken.json"), JSON.stringify(broken));
    fs.writeFileSync(path.join(dir, "misnamed.json"), JSON.stringify(good));
    fs.writeFileSync(path.join(dir, "not-json.json"), "{ nope");
    const { recipes, problems } = await loadRecipes(dir);
    expect(recipes).toEqual([]);
    const folder = path.basename(dir);
    expect(problems).toEqual([
      { file: `${folder}/broken.json`, field: "examples.0.simulation.timeline.0.event.formId", message: "$form:nope names no form of this recipe (declared: resource-form)" },
      { file: `${folder}/broken.json`, field: "workflows.0.definition.nodes.1.wait.duration.unit", message: expect.stringContaining("minutes") },
      { file: `${folder}/misnamed.json`, field: "id", message: 'is "lead-magnet-autoresponder": it must be the file\'s name without .json' },
      { file: `${folder}/not-json.json`, field: "", message: expect.stringMatching(/^is not JSON: /) },
    ]);
  });
});

describe.each(dialects)("creating a recipe on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp(dialect)));
  afterAll(async () => t?.close());

  it("takes back the templates it made when a later part fails, and makes nothing else", async () => {
    const recipe = structuredClone(await readRecipe("lead-magnet-autoresponder"));
    // A consent box naming a topic the workspace lacks: the form is refused once the templates exist.
    (recipe.needs.forms![0]!.form.definition as Record<string, unknown>).consent = { topicId: "no-such-topic", label: "Send me more" };
    await expect(createFromRecipe(t.deps, t.workspaceId, Recipe.parse(recipe), {})).rejects.toThrow(/topic/);
    expect((await t.request("GET", "/api/v1/templates")).body.data).toEqual([]);
    expect((await t.request("GET", "/api/v1/forms")).body.data).toEqual([]);
    expect((await t.request("GET", "/api/v1/workflows")).body.data).toEqual([]);
  });
});
