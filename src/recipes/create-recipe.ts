import { ValidationError } from "../core/index.js";
import type { Deps } from "../deps.js";
import { createTopic } from "../consent/index.js";
import { createWorkflow } from "../engine/index.js";
import { createForm } from "../forms/index.js";
import { createList } from "../lists/index.js";
import { createScoringRule, putScore, readScore } from "../scoring/index.js";
import { deleteTemplate, createTemplate } from "../templates/index.js";
import { FormCreate } from "../schemas/form.js";
import { resolveReferences, type Recipe, type RecipeCreated, type RecipeNeeds } from "../schemas/recipe.js";
import { ScoringRuleIn } from "../schemas/scoring.js";
import { TemplateCreate } from "../schemas/template.js";
import { WorkflowDefinition } from "../schemas/workflow/index.js";
import { insertPropertyDefinitions, selectFormByName, selectPropertyDefinitions, selectListByName, selectTemplateByName, selectTopicByName, selectWorkflowByName, selectWorkspace } from "../store/index.js";
import { checkParams } from "./check-params.js";
import { freeName } from "./free-name.js";

type References = Map<string, string | string[]>;

/**
 * Makes what the recipe needs and its workflows, as drafts (never published), all or nothing:
 * templates first (createTemplate commits on its own), then property types, lists, topics, forms,
 * scoring and workflows in one transaction; if that fails, the templates are deleted again.
 * Answers with what was made and what each reference became.
 */
export async function createFromRecipe(deps: Deps, workspaceId: string, recipe: Recipe, params: Record<string, string | string[]>): Promise<RecipeCreated> {
  await checkParams(deps, workspaceId, recipe, params);
  await checkStages(deps, workspaceId, recipe.needs);
  const refs: References = new Map(Object.entries(params).map(([k, v]) => [`$param:${k}`, v]));
  const resolve = <T>(value: unknown): T => resolveReferences(value, (ref) => refs.get(ref)) as T;
  const out: RecipeCreated = { recipeId: recipe.id, workflows: [], lists: [], topics: [], templates: [], forms: [], scoringRules: [], references: {} };

  for (const { key, template } of recipe.needs.templates ?? []) {
    const body = TemplateCreate.parse(resolve(template));
    const name = await freeName(body.name, (n) => selectTemplateByName(deps.db, workspaceId, n));
    try {
      const made = await createTemplate(deps, workspaceId, { ...body, name });
      out.templates.push({ key, id: made.id, name: made.name });
      refs.set(`$template:${key}`, made.id);
    } catch (err) {
      await undoTemplates(deps, workspaceId, out);
      throw err;
    }
  }
  try {
    await deps.db.transaction().execute(async (trx) => {
      const tx: Deps = { ...deps, db: trx };
      await recordProperties(tx, workspaceId, recipe.needs);
      await createLists(tx, workspaceId, recipe.needs, refs, out);
      await createTopics(tx, workspaceId, recipe.needs, refs, out);
      for (const { key, form } of recipe.needs.forms ?? []) {
        const body = FormCreate.parse(resolve(form));
        const made = await createForm(tx, workspaceId, { ...body, name: await freeName(body.name, (n) => selectFormByName(trx, workspaceId, n)) });
        out.forms.push({ key, id: made.id, name: made.name });
        refs.set(`$form:${key}`, made.id);
      }
      for (const rule of recipe.needs.scoringRules ?? []) {
        const made = await createScoringRule(tx, workspaceId, ScoringRuleIn.parse(resolve(rule)));
        out.scoringRules.push({ id: made.id, name: made.name });
      }
      await addPromotions(tx, workspaceId, recipe.needs);
      for (const w of recipe.workflows) {
        const definition = WorkflowDefinition.parse(resolve(w.definition));
        const name = await freeName(w.name, (n) => selectWorkflowByName(trx, workspaceId, n));
        const made = await createWorkflow(tx, workspaceId, { name, description: w.description ?? recipe.description, definition });
        out.workflows.push({ key: w.key, id: made.id, name: made.name });
      }
    });
  } catch (err) {
    await undoTemplates(deps, workspaceId, out);
    throw err;
  } finally {
    // The process keeps each workspace's property types; they are read again with the new ones.
    if (recipe.needs.properties?.length) deps.propertyTypes.delete(workspaceId);
  }
  out.references = Object.fromEntries(refs);
  return out;
}

async function checkStages(deps: Deps, workspaceId: string, needs: RecipeNeeds): Promise<void> {
  const stages = (await selectWorkspace(deps.db, workspaceId))?.settings.lifecycleStages.map((s) => s.id) ?? [];
  const missing = (needs.lifecycleStages ?? []).filter((s) => !stages.includes(s));
  if (missing.length)
    throw new ValidationError(
      [{ field: "lifecycleStages", message: `this recipe needs the lifecycle stages ${missing.join(", ")}, which the workspace's funnel lacks (it has: ${stages.join(", ")}); add them first (PUT /api/v1/workspace/lifecycle-stages)` }],
    );
}

/** Records the types of the properties the recipe reads that the workspace has not seen yet; a different recorded type is refused. */
async function recordProperties(tx: Deps, workspaceId: string, needs: RecipeNeeds): Promise<void> {
  if (!needs.properties?.length) return;
  const recorded = new Map((await selectPropertyDefinitions(tx.db, workspaceId)).map((d) => [d.name, d.type]));
  const problems = needs.properties.flatMap((p) => {
    const type = recorded.get(p.name);
    return type && type !== p.type ? [{ field: `properties.${p.name}`, message: `the workspace records "${p.name}" as a ${type}; this recipe reads it as a ${p.type}` }] : [];
  });
  if (problems.length) throw new ValidationError(problems);
  const now = tx.clock.now();
  await insertPropertyDefinitions(tx.db, needs.properties.filter((p) => !recorded.has(p.name)).map((p) => ({ workspace_id: workspaceId, name: p.name, type: p.type, created_at: now })));
}

async function createLists(tx: Deps, workspaceId: string, needs: RecipeNeeds, refs: References, out: RecipeCreated): Promise<void> {
  for (const { key, name, description } of needs.lists ?? []) {
    const existing = await selectListByName(tx.db, workspaceId, name);
    const list = existing ?? (await createList(tx, workspaceId, { name, ...(description === undefined ? {} : { description }) }));
    out.lists.push({ key, id: list.id, name: list.name, reused: existing !== undefined });
    refs.set(`$list:${key}`, list.id);
  }
}

async function createTopics(tx: Deps, workspaceId: string, needs: RecipeNeeds, refs: References, out: RecipeCreated): Promise<void> {
  for (const { key, name, description, defaultStatus } of needs.topics ?? []) {
    const existing = await selectTopicByName(tx.db, workspaceId, name);
    const topic = existing ?? (await createTopic(tx, workspaceId, { name, defaultStatus: defaultStatus ?? "unsubscribed", ...(description === undefined ? {} : { description }) }));
    out.topics.push({ key, id: topic.id, name: topic.name, reused: existing !== undefined });
    refs.set(`$topic:${key}`, topic.id);
  }
}

/** Adds each promotion to its score, unless the score already promotes to that stage (the workspace's own threshold stays). */
async function addPromotions(tx: Deps, workspaceId: string, needs: RecipeNeeds): Promise<void> {
  for (const { score, threshold, stage } of needs.scorePromotions ?? []) {
    const current = await readScore(tx, workspaceId, score).catch(() => undefined);
    if (current?.promote.some((p) => p.stage === stage)) continue;
    const settings = current
      ? { name: current.name, description: current.description, thresholds: current.thresholds, decay: current.decay, promote: [...current.promote, { threshold, stage }] }
      : { name: score, description: null, thresholds: [], decay: null, promote: [{ threshold, stage }] };
    await putScore(tx, workspaceId, score, settings);
  }
}

async function undoTemplates(deps: Deps, workspaceId: string, out: RecipeCreated): Promise<void> {
  for (const t of out.templates) await deleteTemplate(deps, workspaceId, t.id);
  out.templates = [];
}
