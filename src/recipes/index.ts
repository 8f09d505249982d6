export { RECIPES_DIR, type RecipeFileProblem, type LoadedRecipes, loadRecipes, listRecipes, readRecipe } from "./load-recipes.js";
export { createFromRecipe } from "./create-recipe.js";
