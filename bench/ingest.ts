import type { Deps } from "../src/deps.js";
import { emit, note } from "./figures.js";
import { runLoad } from "./load/run-load.js";
import type { LoadResult, LoadSpec } from "./load/spec.js";
import type { Mix, TrafficOptions } from "./load/traffic.js";
import { percentile, perSecond } from "./stats.js";
import { basicAuth, listenBare, listenParcours, openBenchRuntime, type DialectName } from "./target.js";

export interface IngestOptions {
  dialects: DialectName[];
  postgresUrl: string;
  /** Events sent through /v1/batch per target. */
  events: number;
  batchSize: number;
  batchClients: number;
  /** Single /v1/track calls per target. */
  requests: number;
  singleClients: number;
  knownUsers: number;
  newShare: number;
  mix: Mix;
  /** Each load phase stops starting calls after this long, ms (the quick run's bound). */
  maxMs: number | undefined;
}

const GOALS = {
  batch: { sqlite: ">= 30000 events/s", postgres: ">= 10000 events/s" },
  single: ">= 5000 requests/s",
  singleP99: "< 25 ms",
};

/** Batched and single-event ingestion over HTTP on each dialect, then the bare-parse ceiling. */
export async function runIngest(options: IngestOptions): Promise<void> {
  for (const dialect of options.dialects) await ingestOn(dialect, options);
  await ceiling(options);
}

async function ingestOn(dialect: DialectName, o: IngestOptions): Promise<void> {
  note(`ingest on ${dialect}: seeding ${o.knownUsers} known users`);
  const runtime = await openBenchRuntime(dialect, o.postgresUrl);
  const server = await listenParcours(runtime);
  try {
    const base = { origin: server.origin, authorization: basicAuth(runtime.writeKey) };
    const traffic = (idPrefix: string, seed: number): TrafficOptions => ({ mix: o.mix, newShare: o.newShare, knownUsers: o.knownUsers, idPrefix, seed });
    const seed = await runLoad({ ...base, concurrency: 2, requests: Math.ceil(o.knownUsers / 100), traffic: traffic("seed", 1), call: { kind: "seed", batchSize: 100 } });
    failOnErrors("seeding", seed);

    note(`ingest on ${dialect}: ${o.events} events through /v1/batch${within(o)}`);
    const batch = await runLoad({ ...base, ...batchLoad(o), traffic: traffic("batch", 2) });
    reportBatch(batch, dialect, o);

    note(`ingest on ${dialect}: ${o.requests} single /v1/track calls${within(o)}`);
    const single = await runLoad({ ...base, ...singleLoad(o), traffic: traffic("single", 3) });
    reportSingle(single, dialect, o);

    const sent = seed.eventsAccepted + batch.eventsAccepted + single.eventsAccepted;
    const stored = await countIngested(runtime.deps, runtime.workspaceId);
    emit({ scenario: "ingest", metric: "events_stored", value: stored, unit: "events", params: { dialect, sent, matches: stored === sent } });
  } finally {
    await server.close();
    await runtime.close();
  }
}

async function ceiling(o: IngestOptions): Promise<void> {
  note("ingest ceiling: the same load against a server that only parses the body");
  const server = await listenBare();
  try {
    const traffic: TrafficOptions = { mix: o.mix, newShare: o.newShare, knownUsers: o.knownUsers, idPrefix: "bare", seed: 2 };
    const batch = await runLoad({ origin: server.origin, ...batchLoad(o), traffic });
    reportBatch(batch, "bare", o);
    const single = await runLoad({ origin: server.origin, ...singleLoad(o), traffic: { ...traffic, seed: 3 } });
    reportSingle(single, "bare", o);
  } finally {
    await server.close();
  }
}

function batchLoad(o: IngestOptions): Pick<LoadSpec, "concurrency" | "requests" | "call" | "maxMs"> {
  return { concurrency: o.batchClients, requests: Math.ceil(o.events / o.batchSize), call: { kind: "batch", batchSize: o.batchSize }, ...maxMs(o) };
}

function singleLoad(o: IngestOptions): Pick<LoadSpec, "concurrency" | "requests" | "call" | "maxMs"> {
  return { concurrency: o.singleClients, requests: o.requests, call: { kind: "track" }, ...maxMs(o) };
}

function maxMs(o: IngestOptions): { maxMs?: number } {
  return o.maxMs === undefined ? {} : { maxMs: o.maxMs };
}

function reportBatch(r: LoadResult, target: DialectName | "bare", o: IngestOptions): void {
  const params = { target, events: r.eventsAccepted, requested: o.events, batchSize: o.batchSize, clients: o.batchClients, mix: o.mix, newShare: o.newShare, knownUsers: o.knownUsers };
  const goal = target === "bare" ? "ceiling, no goal" : GOALS.batch[target];
  emit({ scenario: "ingest", metric: "batch_events_per_s", value: perSecond(r.eventsAccepted, r.elapsedMs), unit: "events/s", params: { ...params, goal } });
  emit({ scenario: "ingest", metric: "batch_call_p50_ms", value: percentile(r.latenciesMs, 50), unit: "ms", params });
  emit({ scenario: "ingest", metric: "batch_call_p99_ms", value: percentile(r.latenciesMs, 99), unit: "ms", params });
  reportFailures(r, "batch", target);
}

function reportSingle(r: LoadResult, target: DialectName | "bare", o: IngestOptions): void {
  const params = { target, calls: r.okCalls, requested: o.requests, clients: o.singleClients, newShare: o.newShare, knownUsers: o.knownUsers };
  const ceiling = target === "bare" ? { goal: "ceiling, no goal" } : undefined;
  emit({ scenario: "ingest", metric: "single_requests_per_s", value: perSecond(r.okCalls, r.elapsedMs), unit: "requests/s", params: { ...params, goal: GOALS.single, ...ceiling } });
  emit({ scenario: "ingest", metric: "single_p50_ms", value: percentile(r.latenciesMs, 50), unit: "ms", params });
  emit({ scenario: "ingest", metric: "single_p99_ms", value: percentile(r.latenciesMs, 99), unit: "ms", params: { ...params, goal: GOALS.singleP99, ...ceiling } });
  reportFailures(r, "single", target);
}

/** Failed calls are a figure too: a fast server that refuses work must not look good. */
function reportFailures(r: LoadResult, phase: string, target: string): void {
  if (!r.failedCalls) return;
  emit({ scenario: "ingest", metric: `${phase}_failed_calls`, value: r.failedCalls, unit: "calls", params: { target, statuses: r.statuses, first: r.firstFailure } });
}

function within(o: IngestOptions): string {
  return o.maxMs === undefined ? "" : `, or as many as ${o.maxMs / 1000} s allow`;
}

function failOnErrors(phase: string, r: LoadResult): void {
  if (r.failedCalls) throw new Error(`${phase}: ${r.failedCalls} calls failed, first: ${r.firstFailure}`);
}

/** Events of the kinds the load sends, as stored. */
async function countIngested(deps: Deps, workspaceId: string): Promise<number> {
  const { n } = await deps.db
    .selectFrom("events")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("workspace_id", "=", workspaceId)
    .where("kind", "in", ["identify", "track", "page"])
    .executeTakeFirstOrThrow();
  return Number(n);
}
