import type { BroadcastCounts, BroadcastStats } from "../../../src/schemas/broadcast.js";

/** A share as a percentage, "—" when there is no base yet. */
export function percent(rate: number | null): string {
  return rate === null ? "—" : `${(rate * 100).toFixed(rate < 0.1 && rate > 0 ? 1 : 0)}%`;
}

type Row = { label: string; counts: BroadcastCounts; winner?: boolean };

/**
 * The counts of the first send, each A/B variant and the resend, side by side: sent, delivered,
 * opened, clicked and their rates, then what did not go (queued, skipped, bounced, failed).
 */
export function StatsTable({ stats }: { stats: BroadcastStats }) {
  const rows: Row[] = [
    { label: "All recipients", counts: stats.totals },
    ...stats.variants.map((v) => ({ label: `Variant ${v.id}`, counts: v, winner: v.winner })),
    ...(stats.resend ? [{ label: "Resend to non-openers", counts: stats.resend }] : []),
  ];
  return (
    <table className="table bc-stats" aria-label="Results">
      <thead>
        <tr>
          <th scope="col">Group</th>
          {["Recipients", "Queued", "Sent", "Delivered", "Opened", "Open rate", "Clicked", "Click rate", "Skipped", "Bounced", "Failed", "Unsubscribed"].map((h) => (
            <th key={h} scope="col" className="num">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(({ label, counts: c, winner }) => (
          <tr key={label} data-testid={`stats-${label}`}>
            <th scope="row">
              {label} {winner && <span className="badge badge-ok">winner</span>}
            </th>
            <td className="num">{c.recipients}</td>
            <td className="num">{c.queued}</td>
            <td className="num">{c.sent}</td>
            <td className="num">{c.delivered}</td>
            <td className="num">{c.uniqueOpens}</td>
            <td className="num">{percent(c.rates.open)}</td>
            <td className="num">{c.uniqueClicks}</td>
            <td className="num">{percent(c.rates.click)}</td>
            <td className="num" title={Object.entries(c.skipped.byReason).map(([why, n]) => `${why}: ${n}`).join(", ") || undefined}>
              {c.skipped.total}
            </td>
            <td className="num">{c.bounced}</td>
            <td className="num">{c.failed}</td>
            <td className="num">{c.unsubscribes}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Why recipients were skipped, in words. */
export const SKIP_REASON: Record<string, string> = {
  unsubscribed: "unsubscribed",
  topic_unsubscribed: "unsubscribed from the topic",
  suppressed: "suppressed address (bounce or complaint)",
  no_address: "no email address",
  opened: "already opened (resend)",
  cancelled: "cancelled",
};
