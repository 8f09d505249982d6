import { useCallback, useId, useState } from "react";
import { RecipeChannel, type RecipeSummary } from "../../../src/schemas/recipe.js";
import { withQuery, type Api } from "../api.js";
import { ResourceStatus, useResource } from "../kit/index.js";
import { CHANNEL_LABELS } from "./channel-labels.js";

/** Every recipe as a card, narrowed by words (goal, metric, name) and by channel. */
export function RecipeGallery({ api, onSessionEnded }: { api: Api; onSessionEnded: () => void }) {
  const [words, setWords] = useState("");
  const [channel, setChannel] = useState("");
  const searchId = useId();
  const channelId = useId();
  const load = useCallback(() => api.get<{ data: RecipeSummary[] }>(withQuery("/api/v1/recipes", { q: words.trim(), channel })).then((r) => r.data), [api, words, channel]);
  const [recipes, reload] = useResource(load, onSessionEnded);
  const filtered = words.trim() !== "" || channel !== "";

  return (
    <section className="recipes" aria-labelledby="recipes-title">
      <div className="toolbar">
        <h2 id="recipes-title">Start from a recipe</h2>
        <a href="#/workflows">Back to the workflows</a>
      </div>
      <p className="muted">Ready-made workflows for the classic marketing scenarios. Creating one makes its templates, forms and lists and the workflow as a draft, which you review in the builder before publishing.</p>
      <div className="recipe-filters" role="search">
        <label htmlFor={searchId}>Goal or words</label>
        <input id={searchId} type="search" value={words} placeholder="e.g. trial, MQL, reminder" onChange={(e) => setWords(e.target.value)} />
        <label htmlFor={channelId}>Channel</label>
        <select id={channelId} value={channel} onChange={(e) => setChannel(e.target.value)}>
          <option value="">Any channel</option>
          {RecipeChannel.options.map((c) => (
            <option key={c} value={c}>
              {CHANNEL_LABELS[c]}
            </option>
          ))}
        </select>
      </div>
      <ResourceStatus resource={recipes} what="the recipes" onRetry={reload} />
      {recipes.state === "ready" && recipes.data.length === 0 && (
        <div className="empty card">
          <h3>{filtered ? "No recipe matches" : "No recipes installed"}</h3>
          {filtered ? (
            <p>
              Try fewer words, or another channel.{" "}
              <button
                type="button"
                className="link"
                onClick={() => {
                  setWords("");
                  setChannel("");
                }}
              >
                Show every recipe
              </button>
            </p>
          ) : (
            <p>
              Recipes are read from the <code>recipes/</code> folder of the installation; it ships with Parcours. You can still build a workflow yourself from <a href="#/workflows">the workflows</a>.
            </p>
          )}
        </div>
      )}
      {recipes.state === "ready" && recipes.data.length > 0 && (
        <ul className="recipe-grid">
          {recipes.data.map((r) => (
            <li key={r.id} className="card recipe-card">
              <h3>
                <a href={`#/recipes/${encodeURIComponent(r.id)}`}>{r.name}</a>
              </h3>
              <p className="muted">{sourceLabel(r.source)}</p>
              <p>{r.description}</p>
              <p className="recipe-goal">
                <strong>Goal:</strong> {r.goal}
              </p>
              <p className="recipe-channels" aria-label="Channels">
                {r.channels.map((c) => (
                  <span key={c} className="badge">
                    {CHANNEL_LABELS[c]}
                  </span>
                ))}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** "starter-2" → "Starter scenario 2", "recipe-14" → "Recipe 14": where it comes from in the source documents. */
function sourceLabel(source: string): string {
  const n = source.slice(source.indexOf("-") + 1);
  return source.startsWith("starter-") ? `Starter scenario ${n}` : `Recipe ${n}`;
}
