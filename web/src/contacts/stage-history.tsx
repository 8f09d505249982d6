import type { LifecycleChangeOut } from "../../../src/schemas/lifecycle.js";
import type { Api, Page } from "../api.js";
import { formatTime } from "../format.js";
import { useLoad } from "../kit/index.js";

/** The contact's lifecycle stage changes, newest first, each with what caused it. */
export function StageHistory({ api, contactId, onUnauthorized }: { api: Api; contactId: string; onUnauthorized: () => void }) {
  const { view } = useLoad(() => api.get<Page<LifecycleChangeOut>>(`/api/v1/contacts/${encodeURIComponent(contactId)}/lifecycle?limit=20`), [api, contactId], onUnauthorized);
  if (view.state === "loading") return <p className="muted">Loading the stage history…</p>;
  if (view.state === "failed") return <p role="alert" className="error">Could not load the stage history: {view.message}</p>;
  if (view.data.data.length === 0) return <p className="muted">The stage has not changed yet.</p>;
  return (
    <ol className="stage-history">
      {view.data.data.map((c) => (
        <li key={c.id}>
          {c.from ?? "no stage"} → <strong>{c.to ?? "no stage"}</strong> <span className="muted">({c.cause.kind})</span>{" "}
          <time dateTime={c.changedAt} className="muted">
            {formatTime(c.changedAt)}
          </time>
        </li>
      ))}
    </ol>
  );
}
