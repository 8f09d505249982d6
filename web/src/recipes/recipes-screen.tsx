import { useSubRoute } from "../kit/index.js";
import type { ScreenProps } from "../screen-props.js";
import { RecipeDetail } from "./recipe-detail.js";
import { RecipeGallery } from "./recipe-gallery.js";
import "./recipes.css";

/** "Start from a recipe": the gallery at #/recipes, one recipe at #/recipes/<id>. */
export function RecipesScreen({ api, me, onSessionEnded }: ScreenProps) {
  const id = useSubRoute("recipes");
  return (
    <main className="main">
      {id ? <RecipeDetail key={id} api={api} id={id} canWrite={me.user.role !== "read_only"} onSessionEnded={onSessionEnded} /> : <RecipeGallery api={api} onSessionEnded={onSessionEnded} />}
    </main>
  );
}
