import { useCallback, useEffect, useState } from "react";
import type { BroadcastOut, BroadcastStats } from "../../../src/schemas/broadcast.js";
import { ApiError } from "../api.js";
import { formatTime } from "../format.js";
import type { ScreenProps } from "../screen-props.js";
import { BroadcastFacts } from "./broadcast-facts.js";
import { isActive, StatusBadge } from "./status.js";
import { percent, SKIP_REASON, StatsTable } from "./stats-table.js";

/** How often the page asks again while the broadcast is going out, ms. */
const REFRESH_MS = 2000;

type View = { state: "loading" } | { state: "failed"; message: string } | { state: "ready"; broadcast: BroadcastOut; stats: BroadcastStats | null };

/**
 * One broadcast: where its sending stands, its results (all recipients, per A/B variant, the
 * resend), refreshed while it goes out, and what can be done with it now (send, change, cancel, delete).
 */
export function BroadcastPage({ api, me, onSessionEnded, broadcastId }: ScreenProps & { broadcastId: string }) {
  const [view, setView] = useState<View>({ state: "loading" });
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const canWrite = me.user.role !== "read_only";
  const path = `/api/v1/broadcasts/${encodeURIComponent(broadcastId)}`;

  const load = useCallback(async () => {
    try {
      const broadcast = await api.get<BroadcastOut>(path);
      const stats = broadcast.status === "draft" ? null : await api.get<BroadcastStats>(`${path}/stats`);
      setView({ state: "ready", broadcast, stats });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) onSessionEnded();
      else setView({ state: "failed", message: (err as Error).message });
    }
  }, [api, path, onSessionEnded]);

  useEffect(() => {
    void load();
  }, [load]);

  const active = view.state === "ready" && isActive(view.broadcast);
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(() => void load(), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [active, load]);

  /** Runs an action, then reads the broadcast again (`reload: false` when it is gone). */
  const act = async (what: () => Promise<unknown>, reload = true) => {
    setBusy(true);
    setActionError(null);
    try {
      await what();
      if (reload) await load();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return onSessionEnded();
      setActionError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (view.state === "loading")
    return (
      <main className="main">
        <p role="status" className="muted">
          Loading the broadcast…
        </p>
      </main>
    );
  if (view.state === "failed")
    return (
      <main className="main">
        <p role="alert" className="error">
          The broadcast could not be loaded: {view.message}
        </p>
        <a href="#/broadcasts">← Broadcasts</a>
      </main>
    );

  const { broadcast: b, stats } = view;
  const resendPending = b.status === "sent" && b.resend?.status === "pending" && b.resend.at !== null;
  return (
    <main className="main bc-screen">
      <div className="tp-bar">
        <a href="#/broadcasts">← Broadcasts</a>
        <h2>{b.name}</h2>
        <StatusBadge status={b.status} />
        {active && (
          <span role="status" className="muted">
            Refreshing every {REFRESH_MS / 1000} s while it goes out
          </span>
        )}
        {canWrite && (
          <div className="bc-actions">
            {b.status === "draft" && (
              <>
                <a className="tp-button secondary-link" href={`#/broadcasts/${encodeURIComponent(b.id)}/edit`}>
                  Change
                </a>
                <button type="button" disabled={busy} onClick={() => void act(() => api.post(`${path}/send`))}>
                  {b.schedule ? "Schedule" : "Send now"}
                </button>
              </>
            )}
            {(b.status === "scheduled" || b.status === "sending" || b.status === "testing" || resendPending) && (
              <button type="button" className="danger" disabled={busy} onClick={() => void act(() => api.post(`${path}/cancel`))}>
                {resendPending ? "Cancel the resend" : "Cancel sending"}
              </button>
            )}
            {(b.status === "draft" || b.status === "sent" || b.status === "cancelled") &&
              (confirmDelete ? (
                <span className="bc-confirm" role="group" aria-label="Confirm deletion">
                  Delete it and its results?{" "}
                  <button
                    type="button"
                    className="danger"
                    disabled={busy}
                    onClick={() =>
                      void act(async () => {
                        await api.request("DELETE", path);
                        window.location.hash = "#/broadcasts";
                      }, false)
                    }
                  >
                    Yes, delete
                  </button>{" "}
                  <button type="button" className="secondary" onClick={() => setConfirmDelete(false)}>
                    Keep it
                  </button>
                </span>
              ) : (
                <button type="button" className="secondary" onClick={() => setConfirmDelete(true)}>
                  Delete
                </button>
              ))}
          </div>
        )}
      </div>
      {actionError && (
        <p role="alert" className="error">
          {actionError}
        </p>
      )}
      {b.error && (
        <p role="alert" className="error">
          Sending stopped: {b.error}
        </p>
      )}
      {stats && (
        <section aria-label="Key figures" className="bc-figures">
          <Figure label="Recipients" value={String(stats.totals.recipients)} />
          <Figure label="Sent" value={String(stats.totals.sent)} />
          <Figure label="Delivered" value={String(stats.totals.delivered)} />
          <Figure label="Open rate" value={percent(stats.totals.rates.open)} />
          <Figure label="Click rate" value={percent(stats.totals.rates.click)} />
        </section>
      )}
      <section className="contacts" aria-labelledby="bc-progress-title">
        <h3 id="bc-progress-title">Progress</h3>
        <Progress b={b} />
        {stats ? (
          <>
            <StatsTable stats={stats} />
            <Skips stats={stats} />
          </>
        ) : (
          <p className="muted">A draft has no results yet: {canWrite ? "send it (or schedule it) when it is ready." : "it has not been sent."}</p>
        )}
      </section>
      <BroadcastFacts api={api} b={b} />
    </main>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div className="bc-figure">
      <span className="muted">{label}</span>
      <strong>{value}</strong>
    </div>
  );
}

/** Where the sending stands, in the order things happen. */
function Progress({ b }: { b: BroadcastOut }) {
  const steps: [string, string | null][] = [
    ["Starts", b.scheduledAt],
    ["Started", b.startedAt],
    ...(b.abTest ? ([[`A/B test ends (winner by ${b.abTest.metric})`, b.abTest.endsAt]] as [string, string | null][]) : []),
    ["All sent", b.sentAt],
    ...(b.resend ? ([[`Resend to non-openers (${b.resend.status})`, b.resend.at]] as [string, string | null][]) : []),
    ...(b.cancelledAt ? ([["Cancelled", b.cancelledAt]] as [string, string | null][]) : []),
  ];
  return (
    <dl className="facts">
      {steps.map(([label, at]) => (
        <div key={label} style={{ display: "contents" }}>
          <dt>{label}</dt>
          <dd>{at ? formatTime(at) : <span className="muted">not yet</span>}</dd>
        </div>
      ))}
      {b.abTest && (
        <>
          <dt>Winner</dt>
          <dd>{b.abTest.winner ? `variant ${b.abTest.winner}` : <span className="muted">not chosen yet</span>}</dd>
        </>
      )}
    </dl>
  );
}

function Skips({ stats }: { stats: BroadcastStats }) {
  const reasons = Object.entries(stats.totals.skipped.byReason);
  if (reasons.length === 0) return null;
  return (
    <p className="muted">
      Skipped: {reasons.map(([why, n]) => `${n} ${SKIP_REASON[why] ?? why}`).join(", ")}.
    </p>
  );
}
