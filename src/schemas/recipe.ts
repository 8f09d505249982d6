import { z } from "zod";
import { TopicStatus } from "./consent.js";
import { FormCreate } from "./form.js";
import { Promotion, ScoreKey, ScoringRuleIn } from "./scoring.js";
import { SimulationInput } from "./simulation.js";
import { CONTENT_OF, TemplateCreate } from "./template.js";
import { WorkflowDefinition } from "./workflow/index.js";

/**
 * A recipe: a ready-made workflow with what it needs (lists, topics, templates, forms, scoring),
 * one JSON file per recipe in `recipes/` (docs/recipes.md). Creating one makes its needs and its
 * workflows as drafts; `$list:key`, `$topic:key`, `$template:key`, `$form:key` and `$param:key`
 * strings are replaced by what was created, reused or given.
 */

const Key = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, "is lower-case letters, digits, _ and -, starting with a letter (at most 64)");
export const RecipeId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "is kebab-case (lower-case words joined by -)").max(100);

/** Where the recipe comes from: a starter scenario or a numbered recipe of the source documents. */
export const RecipeSource = z.string().regex(/^(starter-[1-3]|recipe-([1-9]|[12][0-9]|30))$/, 'is "starter-1".."starter-3" or "recipe-1".."recipe-30"');

export const RecipeChannel = z.enum(["email", "sms", "in_app", "slack", "webhook", "owner"]);
export type RecipeChannel = z.infer<typeof RecipeChannel>;

/** `user`: one user id; `users`: a list of user ids (replaces the string by an array); `url`: an http(s) URL; `text`: any text. */
export const RecipeParamKind = z.enum(["user", "users", "url", "text"]);
export type RecipeParamKind = z.infer<typeof RecipeParamKind>;

export const RecipeParam = z.strictObject({
  key: Key,
  kind: RecipeParamKind,
  label: z.string().trim().min(1).max(200),
  description: z.string().max(1000).optional(),
});
export type RecipeParam = z.infer<typeof RecipeParam>;

const Json = z.record(z.string(), z.unknown());

export const RecipeNeeds = z.strictObject({
  /** Reused when the workspace has a list of that name. */
  lists: z.array(z.strictObject({ key: Key, name: z.string().trim().min(1).max(200), description: z.string().max(2000).optional() })).max(20).optional(),
  /** Reused by name. */
  topics: z.array(z.strictObject({ key: Key, name: z.string().trim().min(1).max(200), description: z.string().max(2000).optional(), defaultStatus: TopicStatus.optional() })).max(20).optional(),
  /** Always created, the name made unique; only `$param` references are replaced in them (they are made first). */
  templates: z.array(z.strictObject({ key: Key, template: Json.describe("A body of POST /api/v1/templates") })).max(30).optional(),
  forms: z.array(z.strictObject({ key: Key, form: Json.describe("A body of POST /api/v1/forms") })).max(10).optional(),
  scoringRules: z.array(Json.describe("A body of POST /api/v1/scoring-rules")).max(30).optional(),
  /** Promotions added to a score's settings (kept when the score already promotes to that stage). */
  scorePromotions: z.array(z.strictObject({ score: ScoreKey, threshold: Promotion.shape.threshold, stage: Promotion.shape.stage })).max(10).optional(),
  /**
   * Contact properties the workflows read (a rule on a property needs its type): recorded with
   * this type when the workspace has not seen them yet; a property recorded with another type refuses creation.
   */
  properties: z
    .array(z.strictObject({ name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/, "is a property name: a letter or _, then letters, digits, _, - and . (at most 100)"), type: z.enum(["string", "number", "boolean", "date"]) }))
    .max(30)
    .optional(),
  /** Stages the workspace's funnel must have: creation is refused, naming the missing one, otherwise. */
  lifecycleStages: z.array(z.string().min(1)).max(20).optional(),
});
export type RecipeNeeds = z.infer<typeof RecipeNeeds>;

export const RecipeWorkflow = z.strictObject({
  key: Key,
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).optional(),
  definition: Json.describe("A workflow document (docs/workflow-format.md), with references"),
});
export type RecipeWorkflow = z.infer<typeof RecipeWorkflow>;

export const RecipeExample = z.strictObject({
  name: z.string().trim().min(1).max(200),
  workflow: Key.describe("The key of the recipe's workflow simulated"),
  simulation: Json.describe("A body of POST /api/v1/workflows/:id/simulate without definition, with references"),
  expect: z.strictObject({
    path: z.array(z.string().min(1)).min(1).describe("The node ids of the first run's path, in order, exactly"),
    effects: z.array(z.string().min(1)).optional().describe("Names that must appear in the simulation's effects"),
  }),
});
export type RecipeExample = z.infer<typeof RecipeExample>;

/** The recipe as stored and served, each part's shape checked; `Recipe` checks the parts against each other too. */
export const RecipeDocument = z.strictObject({
  id: RecipeId,
  source: RecipeSource,
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().min(1).max(2000),
  goal: z.string().trim().min(1).max(300),
  metric: z.string().trim().min(1).max(300),
  channels: z.array(RecipeChannel).min(1),
  params: z.array(RecipeParam).max(10).default([]),
  needs: RecipeNeeds.default({}),
  workflows: z.array(RecipeWorkflow).min(1).max(5),
  examples: z.array(RecipeExample).min(2).max(20),
});
export type RecipeDocument = z.infer<typeof RecipeDocument>;

export const REFERENCE_KINDS = ["list", "topic", "template", "form", "param"] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];
const REFERENCE = /^\$(list|topic|template|form|param):(.+)$/;

/** The kind and key of a `$kind:key` reference, or undefined for any other string. */
export function parseReference(value: string): { kind: ReferenceKind; key: string } | undefined {
  const m = REFERENCE.exec(value);
  return m ? { kind: m[1] as ReferenceKind, key: m[2]! } : undefined;
}

/** A copy of `value` where each string that is exactly a reference becomes `lookup`'s answer (unchanged when it answers undefined). */
export function resolveReferences(value: unknown, lookup: (ref: string) => unknown): unknown {
  if (typeof value === "string") {
    if (!parseReference(value)) return value;
    const replaced = lookup(value);
    return replaced === undefined ? value : replaced;
  }
  if (Array.isArray(value)) return value.map((v) => resolveReferences(v, lookup));
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveReferences(v, lookup)]));
  return value;
}

/** Every reference string in `value`, with the path where it is. */
function referencesIn(value: unknown, path: (string | number)[] = []): { ref: string; path: (string | number)[] }[] {
  if (typeof value === "string") return parseReference(value) ? [{ ref: value, path }] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => referencesIn(v, [...path, i]));
  if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => referencesIn(v, [...path, k]));
  return [];
}

/** A stand-in for each reference, of the type its value will have, so that the parts can be checked before creation. */
function placeholders(recipe: RecipeDocument): (ref: string) => unknown {
  const multi = new Set(recipe.params.filter((p) => p.kind === "users").map((p) => `$param:${p.key}`));
  const urls = new Set(recipe.params.filter((p) => p.kind === "url").map((p) => `$param:${p.key}`));
  return (ref) => (multi.has(ref) ? [ref] : urls.has(ref) ? "https://example.com/placeholder" : ref);
}

type Ctx = z.RefinementCtx;

function checkKeysUnique(ctx: Ctx, items: { key: string }[] | undefined, path: string[]): void {
  const seen = new Set<string>();
  (items ?? []).forEach((item, i) => {
    if (seen.has(item.key)) ctx.addIssue({ code: "custom", path: [...path, i, "key"], message: `another one has the key ${JSON.stringify(item.key)}` });
    seen.add(item.key);
  });
}

/** Each issue of parsing `value` with `schema`, reported under `path`. */
function checkPart(ctx: Ctx, schema: z.ZodType, value: unknown, path: (string | number)[]): void {
  const parsed = schema.safeParse(value);
  if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: [...path, ...(issue.path as (string | number)[])], message: issue.message });
}

function checkReferences(ctx: Ctx, recipe: RecipeDocument): void {
  const declared: Record<ReferenceKind, Set<string>> = {
    list: new Set((recipe.needs.lists ?? []).map((l) => l.key)),
    topic: new Set((recipe.needs.topics ?? []).map((t) => t.key)),
    template: new Set((recipe.needs.templates ?? []).map((t) => t.key)),
    form: new Set((recipe.needs.forms ?? []).map((f) => f.key)),
    param: new Set(recipe.params.map((p) => p.key)),
  };
  for (const { ref, path } of referencesIn({ needs: recipe.needs, workflows: recipe.workflows, examples: recipe.examples })) {
    const { kind, key } = parseReference(ref)!;
    if (!declared[kind].has(key)) ctx.addIssue({ code: "custom", path, message: `${ref} names no ${kind} of this recipe (declared: ${[...declared[kind]].join(", ") || "none"})` });
    else if (path[0] === "needs" && path[1] === "templates" && kind !== "param") ctx.addIssue({ code: "custom", path, message: `templates are made first: they may use $param references only, not ${ref}` });
  }
}

function checkParts(ctx: Ctx, recipe: RecipeDocument): void {
  const stand = placeholders(recipe);
  (recipe.needs.templates ?? []).forEach((t, i) => {
    const at = ["needs", "templates", i, "template"];
    const body = resolveReferences(t.template, stand) as Record<string, unknown>;
    checkPart(ctx, TemplateCreate, body, at);
    const content = CONTENT_OF[body.channel as keyof typeof CONTENT_OF];
    if (content) checkPart(ctx, content, body.content, [...at, "content"]);
  });
  (recipe.needs.forms ?? []).forEach((f, i) => checkPart(ctx, FormCreate, resolveReferences(f.form, stand), ["needs", "forms", i, "form"]));
  (recipe.needs.scoringRules ?? []).forEach((r, i) => checkPart(ctx, ScoringRuleIn, resolveReferences(r, stand), ["needs", "scoringRules", i]));
  recipe.workflows.forEach((w, i) => checkPart(ctx, WorkflowDefinition, resolveReferences(w.definition, stand), ["workflows", i, "definition"]));
  const workflowKeys = new Set(recipe.workflows.map((w) => w.key));
  recipe.examples.forEach((e, i) => {
    if (!workflowKeys.has(e.workflow)) ctx.addIssue({ code: "custom", path: ["examples", i, "workflow"], message: `names no workflow of this recipe (${[...workflowKeys].join(", ")})` });
    if ("definition" in e.simulation) ctx.addIssue({ code: "custom", path: ["examples", i, "simulation", "definition"], message: "the example simulates the recipe's workflow: leave definition out" });
    checkPart(ctx, SimulationInput, resolveReferences(e.simulation, stand), ["examples", i, "simulation"]);
  });
}

/** A recipe file: each part's shape, unique keys, every reference declared, and every body valid for the call it is made with. */
export const Recipe = RecipeDocument.superRefine((recipe, ctx) => {
  checkKeysUnique(ctx, recipe.params, ["params"]);
  for (const part of ["lists", "topics", "templates", "forms"] as const) checkKeysUnique(ctx, recipe.needs[part], ["needs", part]);
  checkKeysUnique(ctx, recipe.workflows, ["workflows"]);
  checkReferences(ctx, recipe);
  checkParts(ctx, recipe);
});
export type Recipe = z.infer<typeof Recipe>;

/** What creating the recipe makes, one line each, for people choosing a recipe. */
export function recipeCreates(r: RecipeDocument): string[] {
  const n = r.needs;
  const named = (body: Record<string, unknown>) => (typeof body.name === "string" ? body.name : "(unnamed)");
  return [
    ...(n.lists ?? []).map((l) => `list "${l.name}" (reused if it exists)`),
    ...(n.topics ?? []).map((t) => `subscription topic "${t.name}" (reused if it exists)`),
    ...(n.templates ?? []).map((t) => `${String(t.template.channel ?? "")} template "${named(t.template)}"`.trim()),
    ...(n.forms ?? []).map((f) => `form "${named(f.form)}"`),
    ...(n.scoringRules ?? []).map((s) => `scoring rule "${named(s)}"`),
    ...(n.properties ?? []).map((p) => `contact property "${p.name}" (${p.type}), if the workspace has none of that name`),
    ...(n.scorePromotions ?? []).map((p) => `promotion to ${p.stage} at ${p.threshold} points (${p.score === "default" ? "main score" : `score ${p.score}`})`),
    ...r.workflows.map((w) => `workflow "${w.name}" (draft, to review and publish)`),
  ];
}

/** What the gallery lists: enough to choose, without the workflow documents. */
export const RecipeSummary = z.object({
  id: z.string(),
  source: z.string(),
  name: z.string(),
  description: z.string(),
  goal: z.string(),
  metric: z.string(),
  channels: z.array(RecipeChannel),
});
export type RecipeSummary = z.infer<typeof RecipeSummary>;

export const RecipeListQuery = z.strictObject({
  q: z.string().trim().max(200).optional().describe("Words found in the name, description, goal or metric"),
  channel: RecipeChannel.optional(),
});
export type RecipeListQuery = z.infer<typeof RecipeListQuery>;

export const RecipeCreateBody = z.strictObject({
  params: z.record(z.string(), z.union([z.string(), z.array(z.string())])).default({}).describe("A value per param key: a user id, user ids, a URL or text"),
});
export type RecipeCreateBody = z.infer<typeof RecipeCreateBody>;

const Made = z.object({ key: z.string(), id: z.string(), name: z.string() });

/** What creating a recipe made (or reused), and the value of each reference. */
export const RecipeCreated = z.object({
  recipeId: z.string(),
  workflows: z.array(Made).describe("Drafts: open one in the builder, then publish it"),
  lists: z.array(Made.extend({ reused: z.boolean() })),
  topics: z.array(Made.extend({ reused: z.boolean() })),
  templates: z.array(Made),
  forms: z.array(Made),
  scoringRules: z.array(z.object({ id: z.string(), name: z.string() })),
  references: z.record(z.string(), z.union([z.string(), z.array(z.string())])).describe('Each reference of the recipe ("$list:nurturing") and what it became'),
});
export type RecipeCreated = z.infer<typeof RecipeCreated>;
