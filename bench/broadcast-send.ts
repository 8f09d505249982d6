import { setTimeout as sleep } from "node:timers/promises";
import { request } from "undici";
import { systemClock } from "../src/core/index.js";
import { createEngine } from "../src/engine/index.js";
import { createApiKey } from "../src/workspaces/index.js";
import { createNewsletter, seedRecipients } from "./broadcast-email.js";
import { emit, note } from "./figures.js";
import { sampleRss } from "./rss.js";
import type { SmtpSinkProcess } from "./smtp-sink.js";
import { perSecond } from "./stats.js";
import { listenParcours, openBenchRuntime, type DialectName } from "./target.js";

/** How often the broadcast's status is read while it sends. */
const POLL_MS = 100;
/** A broadcast still sending after this long is reported as it stands. */
const GIVE_UP_MS = 30 * 60_000;

interface BroadcastStatus {
  status: string;
  error: string | null;
}
interface BroadcastStats {
  totals: { recipients: number; sent: number; failed: number; queued: number; skipped: { total: number } };
}

/**
 * End to end: `recipients` contacts seeded set-based into a static list, the newsletter template
 * and a sender identity, then the broadcasts API as a user drives it: create, send, poll until
 * `sent`, read the stats. The server runs with the engine's loop (which sends broadcasts) and
 * SMTP_URL at smtp-sink, and the sink's own count must match the stats' `sent`. The bench
 * process's RSS is sampled from the send call to the end.
 *
 * Returns false when the server has no broadcasts API (it answers 404): the figure is skipped.
 */
export async function measureBroadcast(sink: SmtpSinkProcess, o: { postgresUrl: string; dialect: DialectName; recipients: number }): Promise<boolean> {
  const runtime = await openBenchRuntime(o.dialect, o.postgresUrl, { clock: systemClock, env: { SMTP_URL: sink.url } });
  const { deps, workspaceId } = runtime;
  const engine = createEngine(deps);
  const server = await listenParcours(runtime);
  engine.start();
  try {
    const { key } = await createApiKey(deps, workspaceId, "secret", "bench");
    const api = async <T>(method: "GET" | "POST", path: string, body?: unknown): Promise<{ status: number; json: T }> => {
      const res = await request(`${server.origin}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.statusCode, json: (await res.body.json()) as T };
    };
    const probe = await api("GET", "/broadcasts?limit=1");
    if (probe.status === 404) {
      note(`broadcast on ${o.dialect}: the server has no broadcasts API (GET /api/v1/broadcasts answers 404), end-to-end figure skipped`);
      return false;
    }
    note(`broadcast on ${o.dialect}: seeding ${o.recipients} contacts into a static list`);
    const listId = await seedRecipients(deps, workspaceId, { count: o.recipients, prefix: "r", list: "Bench newsletter readers" });
    const { templateId } = await createNewsletter(deps, workspaceId);
    const created = await api<{ id: string }>("POST", "/broadcasts", { name: "Bench newsletter", templateId, audience: { listId } });
    if (created.status !== 201) throw new Error(`POST /broadcasts answered ${created.status}: ${JSON.stringify(created.json)}`);
    const id = created.json.id;

    note(`broadcast on ${o.dialect}: sending to ${o.recipients} recipients through smtp-sink`);
    const sinkBefore = sink.received();
    const rssBeforeMb = Math.round(process.memoryUsage.rss() / (1024 * 1024));
    const rss = sampleRss();
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const sent = await api("POST", `/broadcasts/${id}/send`);
    if (sent.status !== 202) throw new Error(`POST /broadcasts/${id}/send answered ${sent.status}: ${JSON.stringify(sent.json)}`);
    let current: BroadcastStatus;
    for (;;) {
      current = (await api<BroadcastStatus>("GET", `/broadcasts/${id}`)).json;
      if (current.status === "sent" || current.status === "cancelled" || performance.now() - t0 > GIVE_UP_MS) break;
      await sleep(POLL_MS);
    }
    const ms = performance.now() - t0;
    const { user, system } = process.cpuUsage(cpu);
    const peakRssMb = rss.stop();
    const stats = (await api<BroadcastStats>("GET", `/broadcasts/${id}/stats`)).json;
    const received = (await sink.waitFor(sinkBefore + stats.totals.sent, 5000)) - sinkBefore;
    const params = {
      dialect: o.dialect,
      recipients: o.recipients,
      status: current.status,
      ...(current.error ? { error: current.error } : {}),
      sent: stats.totals.sent,
      failed: stats.totals.failed,
      skipped: stats.totals.skipped.total,
      received,
      matches: current.status === "sent" && stats.totals.sent === o.recipients && received === o.recipients,
      seconds: Math.round(ms / 100) / 10,
      // The bench process's CPU time (server, engine, rendering, SMTP client; smtp-sink is another process) per message.
      cpuMsPerMessage: Math.round((user + system) / 10 / Math.max(1, stats.totals.sent)) / 100,
    };
    emit({ scenario: "broadcast", metric: "broadcast_per_s", value: perSecond(stats.totals.sent, ms), unit: "messages/s", params: { ...params, goal: ">= 1200 messages/s" } });
    emit({ scenario: "broadcast", metric: "broadcast_peak_rss_mb", value: peakRssMb, unit: "MB", params: { ...params, rssBeforeMb, goal: "< 500 MB" } });
    return true;
  } finally {
    await server.close();
    await engine.stop();
    await runtime.close();
  }
}
