import { useCallback, useState, type FormEvent } from "react";
import { recipeCreates, type RecipeCreated, type RecipeDocument } from "../../../src/schemas/recipe.js";
import type { UserOut } from "../../../src/schemas/user.js";
import { ApiError, type Api, type Page } from "../api.js";
import { ResourceStatus, useResource } from "../kit/index.js";
import { CHANNEL_LABELS } from "./channel-labels.js";
import { ParamField, type ParamValue } from "./param-field.js";

interface Loaded {
  recipe: RecipeDocument;
  users: UserOut[];
}

/** One recipe: what it is for, what it creates, its params, and the button that creates it and opens the workflow. */
export function RecipeDetail({ api, id, canWrite, onSessionEnded }: { api: Api; id: string; canWrite: boolean; onSessionEnded: () => void }) {
  const load = useCallback(async (): Promise<Loaded> => {
    const recipe = await api.get<RecipeDocument>(`/api/v1/recipes/${encodeURIComponent(id)}`);
    const needsUsers = recipe.params.some((p) => p.kind === "user" || p.kind === "users");
    const users = needsUsers ? (await api.get<Page<UserOut>>("/api/v1/users?limit=200")).data : [];
    return { recipe, users };
  }, [api, id]);
  const [loaded, reload] = useResource(load, onSessionEnded);

  return (
    <section className="recipe-detail" aria-labelledby="recipe-title">
      <a href="#/recipes">← All recipes</a>
      <ResourceStatus resource={loaded} what="the recipe" onRetry={reload} />
      {loaded.state === "ready" && <RecipeView api={api} {...loaded.data} canWrite={canWrite} onSessionEnded={onSessionEnded} />}
    </section>
  );
}

function RecipeView({ api, recipe, users, canWrite, onSessionEnded }: Loaded & { api: Api; canWrite: boolean; onSessionEnded: () => void }) {
  const [values, setValues] = useState<Record<string, ParamValue>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; fields: Record<string, string> } | null>(null);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    // Every param is required: said here, next to each, rather than after a refused call.
    const missing = recipe.params.filter((p) => [values[p.key] ?? []].flat().every((v) => v.trim() === ""));
    if (missing.length) return setError({ message: "fill in the settings marked above", fields: Object.fromEntries(missing.map((p) => [p.key, p.kind === "users" ? "Choose at least one user" : "Required"])) });
    setBusy(true);
    setError(null);
    try {
      const created = await api.post<RecipeCreated>(`/api/v1/recipes/${encodeURIComponent(recipe.id)}/create`, { params: values });
      window.location.hash = `#/workflows/${encodeURIComponent(created.workflows[0]!.id)}`;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return onSessionEnded();
      const fields = err instanceof ApiError ? Object.fromEntries(err.fields.map((f) => [f.field.replace(/^params\./, ""), f.message])) : {};
      setError({ message: Object.keys(fields).length ? "check the settings marked above" : (err as Error).message, fields });
      setBusy(false);
    }
  };

  return (
    <>
      <h2 id="recipe-title">{recipe.name}</h2>
      <p>{recipe.description}</p>
      <dl>
        <dt>Goal</dt>
        <dd>{recipe.goal}</dd>
        <dt>Metric</dt>
        <dd>{recipe.metric}</dd>
        <dt>Channels</dt>
        <dd>{recipe.channels.map((c) => CHANNEL_LABELS[c]).join(", ")}</dd>
      </dl>
      <div className="card">
        <h3>What it creates</h3>
        <ul>
          {recipeCreates(recipe).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <p className="muted">Nothing is published: contacts enter only once you publish the workflow in the builder.</p>
      </div>
      {canWrite ? (
        <form className="card recipe-params" onSubmit={create} aria-label={`Create ${recipe.name}`}>
          <h3>{recipe.params.length ? "Settings" : "Create it"}</h3>
          {recipe.params.map((p) => (
            <ParamField key={p.key} param={p} users={users} value={values[p.key]} error={error?.fields[p.key]} onChange={(v) => setValues((all) => ({ ...all, [p.key]: v }))} />
          ))}
          {error && (
            <div role="alert" className="error">
              Could not create the recipe: {error.message}
            </div>
          )}
          <div>
            <button type="submit" disabled={busy}>
              {busy ? "Creating…" : "Create and open in the builder"}
            </button>
          </div>
        </form>
      ) : (
        <p className="muted">Your role can read recipes but not create them: ask a marketer or an admin of the workspace.</p>
      )}
    </>
  );
}
