import { useEffect, useState } from "react";
import type { SegmentOut } from "../../../src/schemas/segment-api.js";
import { ApiError, withQuery, type Api, type Page } from "../api.js";
import { formatTime } from "../format.js";
import { segmentHref } from "./segment-route.js";

const PAGE_SIZE = 100;

type Load = { state: "loading" } | { state: "failed"; message: string } | { state: "ready"; rows: SegmentOut[]; next: string | null };

/** Every segment with its member count, newest last; a marketer starts a new one from here. */
export function SegmentList({ api, canWrite, onSessionEnded }: { api: Api; canWrite: boolean; onSessionEnded: () => void }) {
  const [load, setLoad] = useState<Load>({ state: "loading" });
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    api
      .get<Page<SegmentOut>>(withQuery("/api/v1/segments", { limit: PAGE_SIZE, cursor }))
      .then((page) => live && setLoad((prev) => ({ state: "ready", rows: [...(prev.state === "ready" && cursor ? prev.rows : []), ...page.data], next: page.nextCursor })))
      .catch((err: unknown) => {
        if (!live) return;
        if (err instanceof ApiError && err.status === 401) onSessionEnded();
        else setLoad({ state: "failed", message: (err as Error).message });
      });
    return () => {
      live = false;
    };
  }, [api, cursor, attempt, onSessionEnded]);

  return (
    <main className="main">
      <section className="seg-card" aria-labelledby="seg-list-title">
        <div className="toolbar">
          <h2 id="seg-list-title">Segments</h2>
          {canWrite && (
            <a className="button" href={segmentHref({ view: "new" })}>
              New segment
            </a>
          )}
        </div>
        {load.state === "loading" && (
          <p className="muted" role="status">
            Loading segments…
          </p>
        )}
        {load.state === "failed" && (
          <div role="alert" className="error">
            Could not load the segments: {load.message}{" "}
            <button type="button" className="link" onClick={() => setAttempt((a) => a + 1)}>
              Try again
            </button>
          </div>
        )}
        {load.state === "ready" && load.rows.length === 0 && (
          <div className="empty card">
            <h3>No segments yet</h3>
            <p>
              A segment is a group of contacts described by a rule — “pros who viewed the pricing page twice this week”, “leads with a score of 50 or more” — and Parcours keeps it
              current as contacts change. Workflows can start when someone enters or leaves it, and broadcasts can send to it.
            </p>
            <p>
              {canWrite ? (
                <>
                  Press <strong>New segment</strong> to build your first rule: you see how many contacts match while you build it.
                </>
              ) : (
                "Your role can read segments but not create them: ask a marketer or an admin of the workspace."
              )}
            </p>
          </div>
        )}
        {load.state === "ready" && load.rows.length > 0 && (
          <>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col" className="num">
                    Members
                  </th>
                  <th scope="col">Updated</th>
                </tr>
              </thead>
              <tbody>
                {load.rows.map((s) => (
                  <tr key={s.id} data-testid={`segment-${s.id}`}>
                    <td>
                      <a href={segmentHref({ view: "segment", id: s.id })}>{s.name}</a>
                      {s.description && <div className="muted">{s.description}</div>}
                      {s.error && <div className="field-error">The last computation failed: {s.error}</div>}
                    </td>
                    <td className="num">{s.status === "building" ? <span className="muted">computing…</span> : s.memberCount.toLocaleString()}</td>
                    <td>{formatTime(s.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {load.next && (
              <div className="pager">
                <button type="button" onClick={() => setCursor(load.next!)}>
                  More segments
                </button>
              </div>
            )}
          </>
        )}
      </section>
    </main>
  );
}
