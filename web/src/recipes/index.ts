export { RecipesScreen } from "./recipes-screen.js";
