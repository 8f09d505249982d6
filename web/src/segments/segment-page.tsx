import { useEffect, useMemo, useState, type ReactNode } from "react";
import type { z } from "zod";
import type { ContactOut } from "../../../src/schemas/contact.js";
import type { SegmentHistoryEntry, SegmentOut } from "../../../src/schemas/segment-api.js";
import { ApiError, type Api } from "../api.js";
import { formatTime } from "../format.js";
import { RuleSummary, useRuleChoices, type Names } from "../rules/index.js";
import { DeleteSegment } from "./delete-segment.js";
import { segmentHref } from "./segment-route.js";
import { usePages, type Pages } from "./use-pages.js";

type HistoryEntry = z.infer<typeof SegmentHistoryEntry> & { id: string };
type Load = { state: "loading" } | { state: "missing" } | { state: "failed"; message: string } | { state: "ready"; segment: SegmentOut };

/** While members are computed, the page asks again this often (ms). */
const BUILDING_POLL_MS = 1000;

interface Props {
  api: Api;
  id: string;
  canWrite: boolean;
  onSessionEnded: () => void;
}

/** One segment: its rule in words, its members now, and who entered and left when. */
export function SegmentPage({ api, id, canWrite, onSessionEnded }: Props) {
  const [load, setLoad] = useState<Load>({ state: "loading" });
  const [tick, setTick] = useState(0);
  const path = `/api/v1/segments/${encodeURIComponent(id)}`;

  useEffect(() => {
    let live = true;
    api
      .get<SegmentOut>(path)
      .then((segment) => live && setLoad({ state: "ready", segment }))
      .catch((err: unknown) => {
        if (!live) return;
        if (err instanceof ApiError && err.status === 401) onSessionEnded();
        else if (err instanceof ApiError && err.status === 404) setLoad({ state: "missing" });
        else setLoad({ state: "failed", message: (err as Error).message });
      });
    return () => {
      live = false;
    };
  }, [api, path, tick, onSessionEnded]);

  const building = load.state === "ready" && load.segment.status === "building";
  useEffect(() => {
    if (!building) return;
    const timer = setTimeout(() => setTick((t) => t + 1), BUILDING_POLL_MS);
    return () => clearTimeout(timer);
  }, [building, tick]);

  if (load.state === "loading")
    return (
      <p className="main muted" role="status">
        Loading the segment…
      </p>
    );
  if (load.state === "missing")
    return (
      <main className="main">
        <div className="empty card">
          <h2>No such segment</h2>
          <p>
            It may have been deleted. <a href={segmentHref({ view: "list" })}>Back to the segments</a>
          </p>
        </div>
      </main>
    );
  if (load.state === "failed")
    return (
      <main className="main">
        <div role="alert" className="error">
          Could not load the segment: {load.message}{" "}
          <button type="button" className="link" onClick={() => setTick((t) => t + 1)}>
            Try again
          </button>
        </div>
      </main>
    );
  return <SegmentView api={api} segment={load.segment} canWrite={canWrite} onSessionEnded={onSessionEnded} />;
}

function SegmentView({ api, segment, canWrite, onSessionEnded }: { api: Api; segment: SegmentOut; canWrite: boolean; onSessionEnded: () => void }) {
  const choices = useRuleChoices();
  const names = useMemo<Names>(() => {
    const map = (cs: { id: string; name: string }[] | null) => new Map((cs ?? []).map((c) => [c.id, c.name]));
    return { lists: map(choices.lists), segments: map(choices.segments), stages: map(choices.stages), templates: map(choices.templates) };
  }, [choices]);
  const base = `/api/v1/segments/${encodeURIComponent(segment.id)}`;
  // Members and history are read again once a computation finishes.
  const generation = `${segment.status}:${segment.computedAt ?? ""}`;
  const [members, moreMembers] = usePages<ContactOut>(api, `${base}/members`, generation, onSessionEnded);
  const [history, moreHistory] = usePages<HistoryEntry>(api, `${base}/history`, generation, onSessionEnded);

  return (
    <main className="main seg-page">
      <section className="seg-card" aria-labelledby="seg-title">
        <p>
          <a href={segmentHref({ view: "list" })}>← Segments</a>
        </p>
        <div className="toolbar">
          <h2 id="seg-title">{segment.name}</h2>
          {canWrite && (
            <div className="seg-actions">
              <a className="button" href={segmentHref({ view: "edit", id: segment.id })}>
                Edit
              </a>
              <DeleteSegment api={api} segment={segment} onSessionEnded={onSessionEnded} />
            </div>
          )}
        </div>
        {segment.description && <p>{segment.description}</p>}
        <p data-testid="segment-members" data-count={segment.status === "ready" ? segment.memberCount : undefined} role="status">
          {segment.status === "building" ? (
            <span className="muted">Computing the members…</span>
          ) : (
            <>
              <strong>{segment.memberCount.toLocaleString()}</strong> {segment.memberCount === 1 ? "member" : "members"}
              {segment.computedAt && <span className="muted"> · computed {formatTime(segment.computedAt)}</span>}
            </>
          )}
        </p>
        {segment.error && <p className="error">The last computation failed: {segment.error}</p>}
        <h3>Rule</h3>
        <div className="seg-rule">
          <RuleSummary rule={segment.rule} names={names} />
        </div>
      </section>
      <div className="seg-columns">
        <section className="seg-card" aria-labelledby="seg-members-title">
          <h3 id="seg-members-title">Members</h3>
          <PagesView pages={members} more={moreMembers} empty="Nobody matches the rule yet: contacts enter as soon as they do." moreLabel="More members">
            {(rows) => (
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Contact</th>
                    <th scope="col">Stage</th>
                    <th scope="col" className="num">
                      Score
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((c) => (
                    <tr key={c.id}>
                      <td>
                        <a href={`#/contacts/${encodeURIComponent(c.id)}`}>{c.email ?? c.externalId ?? c.id}</a>
                      </td>
                      <td>{c.lifecycleStage ?? <span className="muted">—</span>}</td>
                      <td className="num">{c.score}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </PagesView>
        </section>
        <section className="seg-card" aria-labelledby="seg-history-title">
          <h3 id="seg-history-title">History</h3>
          <PagesView pages={history} more={moreHistory} empty="Nobody has entered or left yet." moreLabel="Older changes">
            {(rows) => (
              <ol className="timeline">
                {rows.map((h) => (
                  <li key={h.id}>
                    <div className="timeline-head">
                      <span className={`kind seg-${h.kind}`}>{h.kind}</span>
                      <a href={`#/contacts/${encodeURIComponent(h.contactId)}`}>{h.email ?? h.contactId}</a>
                      <time dateTime={h.at}>{formatTime(h.at)}</time>
                    </div>
                  </li>
                ))}
              </ol>
            )}
          </PagesView>
        </section>
      </div>
    </main>
  );
}

function PagesView<T>({ pages, more, empty, moreLabel, children }: { pages: Pages<T>; more: () => void; empty: string; moreLabel: string; children: (rows: T[]) => ReactNode }) {
  if (pages.state === "loading") return <p className="muted">Loading…</p>;
  if (pages.state === "failed") return <p role="alert" className="error">Could not load: {pages.message}</p>;
  if (!pages.rows.length) return <p className="muted">{empty}</p>;
  return (
    <>
      {children(pages.rows)}
      {pages.next && (
        <div className="pager">
          <button type="button" onClick={more}>
            {moreLabel}
          </button>
        </div>
      )}
    </>
  );
}
