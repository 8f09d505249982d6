import { ValidationError, type FieldProblem } from "../core/index.js";
import type { Deps } from "../deps.js";
import type { Recipe, RecipeParam } from "../schemas/recipe.js";
import { selectExistingIds } from "../store/index.js";

type ParamValue = string | string[];

/**
 * The recipe's params as given, each checked for its kind: a user (or users) of the workspace, an
 * http(s) URL, some text. Every param is required; an unknown one is refused. ValidationError
 * names each bad `params.<key>`.
 */
export async function checkParams(deps: Deps, workspaceId: string, recipe: Recipe, given: Record<string, ParamValue>): Promise<Record<string, ParamValue>> {
  const problems: FieldProblem[] = [];
  const declared = new Set(recipe.params.map((p) => p.key));
  for (const key of Object.keys(given)) if (!declared.has(key)) problems.push({ field: `params.${key}`, message: `this recipe takes no such param (it takes: ${[...declared].join(", ") || "none"})` });
  const userIds = recipe.params.flatMap((p) => (p.kind === "user" || p.kind === "users" ? [given[p.key] ?? []].flat() : []));
  const existing = await selectExistingIds(deps.db, "users", workspaceId, [...new Set(userIds)]);
  for (const param of recipe.params) {
    const message = paramProblem(param, given[param.key], existing);
    if (message) problems.push({ field: `params.${param.key}`, message });
  }
  if (problems.length) throw new ValidationError(problems);
  return given;
}

function paramProblem(param: RecipeParam, value: ParamValue | undefined, users: Set<string>): string | undefined {
  if (value === undefined) return `is required: ${param.label}`;
  if (param.kind === "users") {
    if (!Array.isArray(value) || value.length === 0) return "must be a list of one or more user ids";
    const unknown = value.filter((id) => !users.has(id));
    return unknown.length ? `no user ${unknown.map((id) => JSON.stringify(id)).join(", ")} in this workspace` : undefined;
  }
  if (typeof value !== "string" || value.trim() === "") return "must be one non-empty text value";
  if (param.kind === "user") return users.has(value) ? undefined : `no user ${JSON.stringify(value)} in this workspace`;
  if (param.kind === "url") return isHttpUrl(value) ? undefined : "must be an http(s) URL";
  return value.length > 2000 ? "must be at most 2000 characters" : undefined;
}

function isHttpUrl(value: string): boolean {
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
