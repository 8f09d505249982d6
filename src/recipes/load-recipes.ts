import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { NotFoundError } from "../core/index.js";
import { Recipe, type RecipeListQuery, type RecipeSummary } from "../schemas/recipe.js";

/** The `recipes/` folder at the package root: it ships with the repository. */
export const RECIPES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../recipes");

/** A recipe file that cannot be used: the file, the field (dotted path, empty for the file itself) and why. */
export interface RecipeFileProblem {
  file: string;
  field: string;
  message: string;
}

export interface LoadedRecipes {
  recipes: Recipe[];
  problems: RecipeFileProblem[];
}

/**
 * Reads every `*.json` of `dir` (default RECIPES_DIR), in file-name order, and checks each
 * against the Recipe schema; a file whose `id` differs from its name is a problem too. Files
 * are read on each call: they are few and small, and an edited file shows without a restart.
 */
export async function loadRecipes(dir: string = RECIPES_DIR): Promise<LoadedRecipes> {
  const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith(".json")).sort();
  const recipes: Recipe[] = [];
  const problems: RecipeFileProblem[] = [];
  for (const name of names) {
    const file = path.join(path.basename(dir), name);
    const loaded = await loadRecipeFile(path.join(dir, name));
    if ("problems" in loaded) problems.push(...loaded.problems.map((p) => ({ file, ...p })));
    else if (loaded.recipe.id !== name.slice(0, -".json".length)) problems.push({ file, field: "id", message: `is ${JSON.stringify(loaded.recipe.id)}: it must be the file's name without .json` });
    else recipes.push(loaded.recipe);
  }
  return { recipes, problems };
}

async function loadRecipeFile(file: string): Promise<{ recipe: Recipe } | { problems: { field: string; message: string }[] }> {
  let json: unknown;
  try {
    json = JSON.parse(await fs.readFile(file, "utf8"));
  } catch (err) {
    return { problems: [{ field: "", message: `is not JSON: ${(err as Error).message}` }] };
  }
  const parsed = Recipe.safeParse(json);
  if (parsed.success) return { recipe: parsed.data };
  return { problems: parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })) };
}

/** The usable recipes matching the query (every word in the name, description, goal or metric; the channel), as summaries. */
export async function listRecipes(query: RecipeListQuery, dir?: string): Promise<RecipeSummary[]> {
  const words = (query.q ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  const { recipes } = await loadRecipes(dir);
  return [...recipes]
    .sort((a, b) => sourceRank(a.source) - sourceRank(b.source))
    .filter((r) => !query.channel || r.channels.includes(query.channel))
    .filter((r) => {
      const text = [r.name, r.description, r.goal, r.metric, ...r.channels].join(" ").toLowerCase();
      return words.every((w) => text.includes(w));
    })
    .map(({ id, source, name, description, goal, metric, channels }) => ({ id, source, name, description, goal, metric, channels }));
}

/** One usable recipe, or NotFoundError. */
export async function readRecipe(id: string, dir?: string): Promise<Recipe> {
  const recipe = (await loadRecipes(dir)).recipes.find((r) => r.id === id);
  if (!recipe) throw new NotFoundError(`no recipe ${JSON.stringify(id)}`);
  return recipe;
}

/** Starters first, then the numbered recipes in order. */
function sourceRank(source: string): number {
  const n = Number(source.slice(source.indexOf("-") + 1));
  return source.startsWith("starter-") ? n : 100 + n;
}
