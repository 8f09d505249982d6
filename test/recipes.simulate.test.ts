import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadRecipes, RECIPES_DIR } from "../src/recipes/index.js";
import { resolveReferences, type Recipe } from "../src/schemas/recipe.js";
import { startTestApp, type TestApp } from "./support/harness.js";

/**
 * Every file of recipes/, as a user gets it: the file fits the recipe format, it is created through
 * the HTTP API, its workflows pass the checks publishing makes, and each example, simulated through
 * the real simulate endpoint, takes exactly the path the file says. A broken file fails here with
 * its name and the field.
 */
const { recipes, problems } = await loadRecipes();
const files = [...new Set([...recipes.map((r) => path.join(path.basename(RECIPES_DIR), `${r.id}.json`)), ...problems.map((p) => p.file)])].sort();

describe("recipe files", () => {
  it.each(files)("%s fits the recipe format", (file) => {
    const mine = problems.filter((p) => p.file === file);
    expect(mine.map((p) => `${p.file}: ${p.field || "(file)"}: ${p.message}`)).toEqual([]);
  });
});

describe.each(recipes.map((r) => [r.id, r] as const))("recipe %s", (_id, recipe: Recipe) => {
  let t: TestApp;
  let created: { workflows: { key: string; id: string }[]; references: Record<string, string | string[]> };

  beforeAll(async () => {
    t = await startTestApp("sqlite");
    const params = await paramValues(t, recipe);
    const res = await t.request("POST", `/api/v1/recipes/${recipe.id}/create`, { body: { params } });
    expect(res.status, `recipes/${recipe.id}.json: creation failed: ${res.text}`).toBe(201);
    created = res.body;
  });
  afterAll(() => t?.close());

  it("creates drafts that pass the checks publishing makes", async () => {
    for (const w of created.workflows) {
      const res = await t.request("POST", `/api/v1/workflows/${w.id}/validate`, { body: {} });
      const where = recipe.workflows.findIndex((x) => x.key === w.key);
      const problems = (res.body.problems as { field: string; message: string }[]).map((p) => `recipes/${recipe.id}.json: workflows.${where}.definition.${p.field}: ${p.message}`);
      expect(problems).toEqual([]);
      expect((await t.request("GET", `/api/v1/workflows/${w.id}`)).body.status).toBe("draft");
    }
  });

  it.each(recipe.examples.map((e, i) => [e.name, e, i] as const))("example: %s", async (_name, example, i) => {
    const workflow = created.workflows.find((w) => w.key === example.workflow)!;
    const simulation = resolveReferences(example.simulation, (ref) => created.references[ref]);
    const res = await t.request("POST", `/api/v1/workflows/${workflow.id}/simulate`, { body: simulation });
    const where = `recipes/${recipe.id}.json: examples.${i}`;
    expect(res.status, `${where}.simulation: ${res.text}`).toBe(200);
    const run = res.body.runs[0];
    expect(run, `${where}: no run started (${res.body.reason ?? ""})`).toBeDefined();
    expect(nodesVisited(run.path), `${where}.expect.path`).toEqual(example.expect.path);
    const effects = new Set((res.body.effects as { name: string }[]).map((e) => e.name));
    for (const name of example.expect.effects ?? []) expect(effects.has(name), `${where}.expect.effects: no ${name} among ${[...effects].join(", ") || "none"}`).toBe(true);
  });
});

/**
 * The node ids of a run's path with consecutive repeats collapsed: a step that leaves Parcours is
 * recorded twice (queued, then delivered), and a deferred one waits then runs at the same node.
 */
function nodesVisited(path: { nodeId: string }[]): string[] {
  return path.map((s) => s.nodeId).filter((id, i, all) => i === 0 || all[i - 1] !== id);
}

/** A value for each param: users made here for user params, a local URL, some text. */
async function paramValues(t: TestApp, recipe: Recipe): Promise<Record<string, string | string[]>> {
  const user = async (email: string) => (await t.request("POST", "/api/v1/users", { body: { email, role: "marketer" } })).body.id as string;
  const values: Record<string, string | string[]> = {};
  for (const p of recipe.params) {
    if (p.kind === "user") values[p.key] = await user(`${p.key}@recipes.test`);
    else if (p.kind === "users") values[p.key] = [await user(`${p.key}-1@recipes.test`), await user(`${p.key}-2@recipes.test`)];
    else if (p.kind === "url") values[p.key] = `https://hooks.example.com/${p.key}`;
    else values[p.key] = `${p.label} (example)`;
  }
  return values;
}
