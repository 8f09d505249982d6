import type { Deps } from "../deps.js";
import type { BroadcastCounts, BroadcastStats } from "../schemas/broadcast.js";
import { countBroadcastEngagement, countBroadcastRecipients } from "../store/index.js";
import { getBroadcast } from "./broadcasts.js";
import { definitionOf } from "./stages.js";

const ENGAGEMENT = { "email.opened": "uniqueOpens", "email.clicked": "uniqueClicks", "email.unsubscribed": "unsubscribes", "email.bounced": "bounced", "email.complained": "complaints" } as const;
type Tally = Omit<BroadcastCounts, "delivered" | "rates" | "skipped"> & { byReason: Record<string, number> };

const empty = (): Tally => ({ recipients: 0, queued: 0, sent: 0, bounced: 0, failed: 0, byReason: {}, uniqueOpens: 0, uniqueClicks: 0, unsubscribes: 0, complaints: 0 });

/**
 * A broadcast's counts from its recipient rows (queued, sent, failed, skipped by reason) and the
 * events its messages led to (distinct contacts that opened, clicked, unsubscribed, bounced,
 * complained), for the first send, per A/B variant, and for the resend. Rates are over delivered
 * (sent minus bounced), the bounce rate over sent.
 */
export async function broadcastStats(deps: Deps, workspaceId: string, id: string): Promise<BroadcastStats> {
  const row = await getBroadcast(deps, deps.db, workspaceId, id);
  const def = definitionOf(row);
  const totals = empty();
  const resend = empty();
  const variants = new Map((def.abTest?.variants ?? []).map((v) => [v.id, empty()]));
  const targets = (phase: string, variant: string | null): Tally[] => {
    if (phase === "resend") return [resend];
    const v = variant === null ? undefined : variants.get(variant);
    return v ? [totals, v] : [totals];
  };
  for (const r of await countBroadcastRecipients(deps.db, id)) {
    for (const t of targets(r.phase, r.variant)) {
      t.recipients += r.n;
      if (r.status === "queued") t.queued += r.n;
      else if (r.status === "sent") t.sent += r.n;
      else if (r.status === "failed") t.failed += r.n;
      else t.byReason[r.reason ?? "unknown"] = (t.byReason[r.reason ?? "unknown"] ?? 0) + r.n;
    }
  }
  if (row.started_at !== null) {
    const engagement = await countBroadcastEngagement(deps.db, deps.dialect, { workspaceId, broadcastId: id, since: row.started_at, names: Object.keys(ENGAGEMENT) });
    // Phases of the first send reach disjoint contacts, so their distinct counts add up.
    for (const e of engagement) for (const t of targets(e.phase, e.variant)) t[ENGAGEMENT[e.name as keyof typeof ENGAGEMENT]] += e.n;
  }
  return {
    broadcastId: id,
    status: row.status,
    totals: finish(totals),
    variants: [...variants].map(([variantId, t]) => ({ id: variantId, winner: row.winner === variantId, ...finish(t) })),
    resend: def.resend ? finish(resend) : null,
  };
}

function finish(t: Tally): BroadcastCounts {
  const { byReason, ...counts } = t;
  const delivered = Math.max(0, t.sent - t.bounced);
  const rate = (n: number, base: number) => (base === 0 ? null : Math.round((n / base) * 10_000) / 10_000);
  return {
    ...counts,
    delivered,
    skipped: { total: Object.values(byReason).reduce((a, b) => a + b, 0), byReason },
    rates: {
      bounce: rate(t.bounced, t.sent),
      open: rate(t.uniqueOpens, delivered),
      click: rate(t.uniqueClicks, delivered),
      clickToOpen: rate(t.uniqueClicks, t.uniqueOpens),
      unsubscribe: rate(t.unsubscribes, delivered),
      complaint: rate(t.complaints, delivered),
    },
  };
}
