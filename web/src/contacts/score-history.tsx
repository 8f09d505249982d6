import type { ContactScores } from "../../../src/schemas/scoring.js";
import type { TimelineEventOut } from "../../../src/schemas/timeline.js";
import { withQuery, type Api, type Page } from "../api.js";
import { formatTime } from "../format.js";
import { useLoad } from "../kit/index.js";
import type { z } from "zod";

type Scores = z.infer<typeof ContactScores>;

/** Why a score changed, in words: the rule and the event that gave the points, or the cause. */
export function scoreCause(p: Record<string, unknown>): string {
  if (typeof p.ruleName === "string") return typeof p.eventName === "string" ? `${p.ruleName} (${p.eventName})` : p.ruleName;
  const causes: Record<string, string> = { api: "set through the API", workflow: "a workflow step", import: "a CSV import", merge: "contacts merged", fit: "a property rule", expiry: "points expired", decay: "score decay" };
  const cause = typeof p.cause === "string" ? p.cause : "";
  return causes[cause] ?? cause;
}

const signed = (n: unknown) => (typeof n === "number" ? (n > 0 ? `+${n}` : String(n)) : "—");

/** The contact's scores now, and the latest changes of any of them with what caused each. */
export function ScoreHistory({ api, contactId, onUnauthorized }: { api: Api; contactId: string; onUnauthorized: () => void }) {
  const base = `/api/v1/contacts/${encodeURIComponent(contactId)}`;
  const { view } = useLoad(
    () =>
      Promise.all([
        api.get<Scores>(`${base}/scores`),
        api.get<Page<TimelineEventOut>>(withQuery(`${base}/timeline`, { kind: "internal", name: "score.changed", limit: 20 })),
      ]),
    [api, base],
    onUnauthorized,
  );
  if (view.state === "loading") return <p className="muted">Loading the scores…</p>;
  if (view.state === "failed") return <p role="alert" className="error">Could not load the scores: {view.message}</p>;
  const [scores, changes] = view.data;
  return (
    <>
      <ul className="score-list">
        {scores.data.map((s) => (
          <li key={s.key}>
            {s.name}: <strong>{s.points}</strong>
          </li>
        ))}
      </ul>
      {changes.data.length === 0 ? (
        <p className="muted">The score has not changed yet. Scoring rules (or a workflow step) give points for what the contact does.</p>
      ) : (
        <table className="table compact-rows">
          <caption className="visually-hidden">Latest score changes, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Score</th>
              <th scope="col" className="num">
                Change
              </th>
              <th scope="col" className="num">
                New value
              </th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {changes.data.map((e) => (
              <tr key={e.id}>
                <td>
                  <time dateTime={e.timestamp}>{formatTime(e.timestamp)}</time>
                </td>
                <td>{typeof e.properties.score === "string" ? e.properties.score : "main"}</td>
                <td className="num">{signed(e.properties.delta)}</td>
                <td className="num">{String(e.properties.to ?? "—")}</td>
                <td>{scoreCause(e.properties)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
