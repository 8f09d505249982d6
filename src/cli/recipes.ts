import { Command, InvalidArgumentError } from "commander";
import { loadConfig } from "../config.js";
import { openRuntime } from "../runtime.js";
import { createFromRecipe, listRecipes, readRecipe } from "../recipes/index.js";
import { RecipeChannel, recipeCreates, type Recipe } from "../schemas/recipe.js";
import { selectUserByEmail } from "../store/index.js";
import type { Deps } from "../deps.js";
import { DEFAULT_WORKSPACE } from "../workspaces/index.js";
import { findWorkspace } from "./find.js";

interface CreateFlags {
  param: string[];
  workspace: string;
}

/** `parcours recipes list|show|create`: browse the ready-made workflows of recipes/ and create one as drafts. */
export function recipesCommand(): Command {
  const recipes = new Command("recipes").description("ready-made workflows: list them, read one, create one as drafts");
  recipes
    .command("list")
    .description("one line per recipe: id, channels, name and goal")
    .option("--search <words>", "only recipes whose name, description, goal or metric hold every word")
    .option("--channel <channel>", `only recipes using this channel (${RecipeChannel.options.join(", ")})`, parseChannel)
    .action(async (flags: { search?: string; channel?: RecipeChannel }) => {
      const found = await listRecipes({ ...(flags.search ? { q: flags.search } : {}), ...(flags.channel ? { channel: flags.channel } : {}) });
      for (const r of found) process.stdout.write(`${r.id}\t${r.channels.join(",")}\t${r.name} — ${r.goal}\n`);
      if (found.length === 0) process.stderr.write("no recipe matches\n");
    });
  recipes
    .command("show")
    .description("what a recipe is for, its params and what creating it makes")
    .argument("<id>", "the recipe's id (parcours recipes list)")
    .option("--json", "print the whole recipe file as JSON instead")
    .action(async (id: string, flags: { json?: boolean }) => {
      const recipe = await readRecipe(id);
      process.stdout.write(flags.json ? `${JSON.stringify(recipe, null, 2)}\n` : describeRecipe(recipe));
    });
  recipes
    .command("create")
    .description("create the recipe's lists, templates, forms, scoring and workflows (drafts, never published) and print what was made as JSON")
    .argument("<id>", "the recipe's id")
    .option("--param <key=value>", "a param's value (repeatable); users by id or email, several separated by commas", (v: string, all: string[]) => [...all, v], [])
    .option("--workspace <name>", "workspace name", DEFAULT_WORKSPACE)
    .action(async (id: string, flags: CreateFlags) => {
      const recipe = await readRecipe(id);
      const runtime = await openRuntime(loadConfig(), { logTo: 2 });
      try {
        const workspace = await findWorkspace(runtime.deps, flags.workspace);
        const params = await paramValues(runtime.deps, workspace.id, recipe, flags.param);
        const created = await createFromRecipe(runtime.deps, workspace.id, recipe, params);
        process.stdout.write(`${JSON.stringify(created, null, 2)}\n`);
      } finally {
        await runtime.close();
      }
    });
  return recipes;
}

function parseChannel(value: string): RecipeChannel {
  const parsed = RecipeChannel.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError(`must be one of ${RecipeChannel.options.join(", ")}`);
  return parsed.data;
}

/** `key=value` pairs as the params the recipe takes; a user given by email becomes its id. */
async function paramValues(deps: Deps, workspaceId: string, recipe: Recipe, pairs: string[]): Promise<Record<string, string | string[]>> {
  const values: Record<string, string | string[]> = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at < 1) throw new Error(`--param ${JSON.stringify(pair)}: write key=value`);
    const key = pair.slice(0, at);
    const value = pair.slice(at + 1);
    const kind = recipe.params.find((p) => p.key === key)?.kind;
    if (kind === "users") values[key] = await Promise.all(value.split(",").map((v) => userId(deps, workspaceId, v.trim())));
    else values[key] = kind === "user" ? await userId(deps, workspaceId, value) : value;
  }
  return values;
}

async function userId(deps: Deps, workspaceId: string, idOrEmail: string): Promise<string> {
  if (!idOrEmail.includes("@")) return idOrEmail;
  return (await selectUserByEmail(deps.db, workspaceId, idOrEmail))?.id ?? idOrEmail;
}

function describeRecipe(r: Recipe): string {
  const lines = [`${r.name} (${r.id}, ${r.source})`, "", r.description, "", `Goal: ${r.goal}`, `Metric: ${r.metric}`, `Channels: ${r.channels.join(", ")}`];
  if (r.params.length) lines.push("", "Params (--param key=value):", ...r.params.map((p) => `  ${p.key} (${p.kind}): ${p.label}`));
  lines.push("", "Creates:", ...recipeCreates(r).map((line) => `  ${line}`));
  return `${lines.join("\n")}\n`;
}
