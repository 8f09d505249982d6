import { useCallback, useEffect, useState } from "react";
import type { BroadcastOut, BroadcastStats } from "../../../src/schemas/broadcast.js";
import { ApiError, type Api } from "../api.js";
import { formatTime } from "../format.js";
import type { ScreenProps } from "../screen-props.js";
import { loadAll } from "../templates/load-all.js";
import { isActive, StatusBadge } from "./status.js";
import { percent } from "./stats-table.js";

/** How often the list asks again while a broadcast is going out, ms. */
const REFRESH_MS = 3000;

/** The workspace's broadcasts, newest first, with their status and key figures. */
export function BroadcastList({ api, me, onSessionEnded }: ScreenProps) {
  const [rows, setRows] = useState<BroadcastOut[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const canWrite = me.user.role !== "read_only";

  const load = useCallback(async () => {
    try {
      setRows((await loadAll<BroadcastOut>(api, "/api/v1/broadcasts")).reverse());
      setError(null);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) onSessionEnded();
      else setError((err as Error).message);
    }
  }, [api, onSessionEnded]);

  useEffect(() => {
    void load();
  }, [load]);
  const anyActive = rows?.some(isActive) ?? false;
  useEffect(() => {
    if (!anyActive) return;
    const timer = window.setInterval(() => void load(), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [anyActive, load]);

  return (
    <main className="main bc-screen">
      <section className="contacts" aria-labelledby="broadcasts-title">
        <div className="toolbar">
          <h2 id="broadcasts-title">Broadcasts</h2>
          {canWrite && (
            <a className="tp-button" href="#/broadcasts/new">
              New broadcast
            </a>
          )}
        </div>
        {error && (
          <p role="alert" className="error">
            The broadcasts could not be loaded: {error}
          </p>
        )}
        {!rows && !error && (
          <p role="status" className="muted">
            Loading broadcasts…
          </p>
        )}
        {rows?.length === 0 && (
          <div className="empty">
            <h3>No broadcasts yet</h3>
            <p>
              A broadcast sends one email template once to a list or a segment — a newsletter, an announcement — now, at a set time, or at a time of day in each
              contact's time zone. It can test subject lines on a sample first and resend to those who did not open it.
            </p>
            {canWrite ? (
              <p>
                <a className="tp-button" href="#/broadcasts/new">
                  Create your first broadcast
                </a>
              </p>
            ) : (
              <p className="muted">Your role can read broadcasts and their results; a marketer or an admin creates them.</p>
            )}
          </div>
        )}
        {rows && rows.length > 0 && (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">When</th>
                <th scope="col" className="num">
                  Recipients
                </th>
                <th scope="col" className="num">
                  Sent
                </th>
                <th scope="col" className="num">
                  Open rate
                </th>
                <th scope="col" className="num">
                  Click rate
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((b) => (
                <tr key={b.id}>
                  <td>
                    <a href={`#/broadcasts/${encodeURIComponent(b.id)}`} aria-label={`Open broadcast ${b.name}`}>
                      {b.name}
                    </a>
                    {b.abTest && <span className="tag">A/B</span>}
                  </td>
                  <td>
                    <StatusBadge status={b.status} />
                  </td>
                  <td>{formatTime(b.sentAt ?? b.startedAt ?? b.scheduledAt ?? b.createdAt)}</td>
                  <td className="num">{b.status === "draft" ? "—" : b.recipients}</td>
                  <Figures api={api} b={b} />
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}

/** Sent, open and click rates of one row, read from its stats (a draft has none). */
function Figures({ api, b }: { api: Api; b: BroadcastOut }) {
  const [stats, setStats] = useState<BroadcastStats | null>(null);
  const draft = b.status === "draft";
  useEffect(() => {
    if (draft) return;
    let live = true;
    api
      .get<BroadcastStats>(`/api/v1/broadcasts/${encodeURIComponent(b.id)}/stats`)
      .then((s) => live && setStats(s))
      .catch(() => live && setStats(null));
    return () => {
      live = false;
    };
    // Read again whenever the row changes (its status or recipients while it goes out).
  }, [api, b.id, b.updatedAt, b.recipients, b.status, draft]);
  const t = stats?.totals;
  return (
    <>
      <td className="num">{t ? t.sent : "—"}</td>
      <td className="num">{t ? percent(t.rates.open) : "—"}</td>
      <td className="num">{t ? percent(t.rates.click) : "—"}</td>
    </>
  );
}
