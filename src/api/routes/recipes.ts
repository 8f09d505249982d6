import { z } from "zod";
import { createFromRecipe, listRecipes, readRecipe } from "../../recipes/index.js";
import { RecipeCreateBody, RecipeCreated, RecipeDocument, RecipeListQuery, RecipeSummary } from "../../schemas/recipe.js";
import type { App, RouteContext } from "../app.js";

const tags = ["recipes"];
const security = [{ secretKey: [] }];
const IdParams = z.object({ id: z.string() });

/** Ready-made workflows (recipes/ at the package root): browse them, and create one as drafts. */
export function recipeRoutes(app: App, { deps }: RouteContext): void {
  app.get(
    "/recipes",
    { schema: { tags, security, summary: "The recipes, starters first, optionally matching words (q) or a channel", querystring: RecipeListQuery, response: { 200: z.object({ data: z.array(RecipeSummary) }) } } },
    async (req) => ({ data: await listRecipes(req.query) }),
  );

  app.get(
    "/recipes/:id",
    { schema: { tags, security, summary: "One recipe: what it is for, its params, what it creates, its workflows and examples", params: IdParams, response: { 200: RecipeDocument } } },
    async (req) => readRecipe(req.params.id),
  );

  app.post(
    "/recipes/:id/create",
    {
      schema: {
        tags,
        security,
        summary: "Create the recipe's lists, topics, templates, forms, scoring and workflows (drafts, never published), all or nothing",
        params: IdParams,
        body: RecipeCreateBody,
        response: { 201: RecipeCreated },
      },
    },
    async (req, reply) => {
      const recipe = await readRecipe(req.params.id);
      return reply.status(201).send(await createFromRecipe(deps, req.principal.workspaceId, recipe, req.body.params));
    },
  );
}
