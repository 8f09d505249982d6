import { useEffect, useState } from "react";
import type { TimelineEventOut } from "../../../src/schemas/timeline.js";
import { ApiError, withQuery, type Api, type Page } from "../api.js";
import { formatTime, formatValue } from "../format.js";

type State = { state: "loading" } | { state: "missing" } | { state: "failed"; message: string } | { state: "ready"; events: TimelineEventOut[]; next: string | null };

/** A contact's events and changes, newest first, 20 at a time. */
export function Timeline({ api, contactId }: { api: Api; contactId: string }) {
  const [view, setView] = useState<State>({ state: "loading" });
  const [cursor, setCursor] = useState<string | undefined>(undefined);

  useEffect(() => {
    let live = true;
    api
      .get<Page<TimelineEventOut>>(withQuery(`/api/v1/contacts/${encodeURIComponent(contactId)}/timeline`, { limit: 20, cursor }))
      .then((page) => {
        if (!live) return;
        setView((prev) => ({ state: "ready", events: [...(prev.state === "ready" && cursor ? prev.events : []), ...page.data], next: page.nextCursor }));
      })
      .catch((err: unknown) => {
        if (!live) return;
        setView(err instanceof ApiError && err.status === 404 ? { state: "missing" } : { state: "failed", message: (err as Error).message });
      });
    return () => {
      live = false;
    };
  }, [api, contactId, cursor]);

  if (view.state === "loading") return <p className="muted">Loading…</p>;
  if (view.state === "missing") return <p className="muted">No timeline is available for this contact.</p>;
  if (view.state === "failed") return <p role="alert" className="error">Could not load the timeline: {view.message}</p>;
  if (!view.events.length) return <p className="muted">Nothing happened yet.</p>;
  return (
    <>
      <ol className="timeline">
        {view.events.map((e) => (
          <li key={e.id}>
            <div className="timeline-head">
              <span className={`kind kind-${e.kind}`}>{e.kind}</span>
              <strong>{e.name ?? "—"}</strong>
              <time dateTime={e.timestamp}>{formatTime(e.timestamp)}</time>
            </div>
            {Object.keys(e.properties).length > 0 && (
              <ul className="props">
                {Object.entries(e.properties).map(([k, v]) => (
                  <li key={k}>
                    <span className="muted">{k}</span> {formatValue(v)}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
      {view.next && (
        <button type="button" onClick={() => setCursor(view.next!)}>
          Older events
        </button>
      )}
    </>
  );
}
