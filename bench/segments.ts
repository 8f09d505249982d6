import { performance } from "node:perf_hooks";
import type { Deps } from "../src/deps.js";
import type { Rule } from "../src/schemas/rule.js";
import type { ScoringRuleIn } from "../src/schemas/scoring.js";
import { createScoringRule, putScore } from "../src/scoring/index.js";
import { createSegment, updateSegment } from "../src/segments/index.js";
import { emit, note } from "./figures.js";
import { runLoad } from "./load/run-load.js";
import type { TrafficOptions } from "./load/traffic.js";
import { seedSegmentData } from "./segments-seed.js";
import { perSecond } from "./stats.js";
import { basicAuth, listenParcours, openBenchRuntime, type BenchRuntime, type DialectName } from "./target.js";

export interface SegmentsOptions {
  postgresUrl: string;
  dialects: DialectName[];
  /** Contacts seeded for the full recompute; five events each. */
  contacts: number;
  /** Events ingested for the per-event cost. */
  events: number;
  /** Segments kept current while ingesting. */
  segments: number;
  /** Scoring rules kept current while ingesting, with the segments. */
  scoringRules: number;
}

const STAGES = ["subscriber", "lead", "mql", "sql", "opportunity", "customer", "evangelist"];
const GOALS = { recompute: "<= 5000 ms on SQLite", perEvent: "<= 0.2 ms per event" };
const SCORES = ["default", "engagement", "fit"];

/** Issue 4's segment: a property, an event count in the last 30 days, and stage at least MQL. */
const THREE_CONDITIONS = (times: number): Rule => ({
  type: "all",
  rules: [
    { type: "property", property: "plan", op: "equals", value: "pro" },
    { type: "event", name: "Page Viewed", count: { op: "gte", value: times }, within: { amount: 30, unit: "days" } },
    { type: "lifecycle", op: "at_least", stage: "mql" },
  ],
});

export async function runSegments(o: SegmentsOptions): Promise<void> {
  for (const dialect of o.dialects) {
    await fullRecompute(dialect, o);
    await perEventCost(dialect, o);
  }
}

async function fullRecompute(dialect: DialectName, o: SegmentsOptions): Promise<void> {
  const runtime = await openBenchRuntime(dialect, o.postgresUrl);
  try {
    note(`segments on ${dialect}: seeding ${o.contacts} contacts and ${o.contacts * 5} events`);
    const seeding = performance.now();
    await seedSegmentData(runtime.deps, runtime.workspaceId, { contacts: o.contacts, events: o.contacts * 5, stages: STAGES });
    note(`segments on ${dialect}: seeded in ${Math.round((performance.now() - seeding) / 1000)} s`);
    const params = { dialect, contacts: o.contacts, events: o.contacts * 5, rule: "plan = pro, Page Viewed >= N in 30 days, stage >= mql" };

    const segment = await createSegment(runtime.deps, runtime.workspaceId, { name: "Engaged pro MQLs", rule: THREE_CONDITIONS(1) });
    const first = await timedRecompute(runtime);
    emit({ scenario: "segments", metric: "full_recompute_ms", value: first.ms, unit: "ms", params: { ...params, case: "first build, every member enters", members: first.members, goal: GOALS.recompute } });

    await updateSegment(runtime.deps, runtime.workspaceId, segment.id, { rule: THREE_CONDITIONS(2) });
    const changed = await timedRecompute(runtime);
    emit({ scenario: "segments", metric: "full_recompute_ms", value: changed.ms, unit: "ms", params: { ...params, case: "rule changed (N 1 -> 2), members leave", members: changed.members, goal: GOALS.recompute } });
  } finally {
    await runtime.close();
  }
}

async function timedRecompute(runtime: BenchRuntime): Promise<{ ms: number; members: number }> {
  const job = runtime.deps.backgroundJobs.find((j) => j.name === "segment recompute")!;
  const started = performance.now();
  const done = await job.runDue(1);
  const ms = performance.now() - started;
  if (done !== 1) throw new Error("the segment recompute did not run");
  const row = await runtime.deps.db.selectFrom("segments").select(["member_count", "status", "error"]).where("workspace_id", "=", runtime.workspaceId).executeTakeFirstOrThrow();
  if (row.status !== "ready") throw new Error(`the recompute failed: ${JSON.stringify(row.error)}`);
  return { ms, members: row.member_count };
}

/**
 * The cost of keeping segments current while ingesting: the same traffic into a workspace
 * without segments and into one with `segments` of them; the difference in time per event is
 * what upkeep costs.
 */
async function perEventCost(dialect: DialectName, o: SegmentsOptions): Promise<void> {
  const bare = await ingestTime(dialect, o, 0, 0);
  const kept = await ingestTime(dialect, o, o.segments, o.scoringRules);
  const params = { dialect, events: o.events, segments: o.segments, scoringRules: o.scoringRules, batchSize: 100, clients: 4 };
  emit({ scenario: "segments", metric: "ingest_events_per_s", value: perSecond(o.events, bare), unit: "events/s", params: { ...params, segments: 0, scoringRules: 0 } });
  emit({ scenario: "segments", metric: "ingest_events_per_s", value: perSecond(o.events, kept), unit: "events/s", params });
  emit({ scenario: "segments", metric: "upkeep_ms_per_event", value: (kept - bare) / o.events, unit: "ms", params: { ...params, goal: GOALS.perEvent } });
}

async function ingestTime(dialect: DialectName, o: SegmentsOptions, segments: number, scoringRules: number): Promise<number> {
  const runtime = await openBenchRuntime(dialect, o.postgresUrl);
  const server = await listenParcours(runtime);
  try {
    const knownUsers = 2000;
    const base = { origin: server.origin, authorization: basicAuth(runtime.writeKey) };
    const traffic = (idPrefix: string, seed: number): TrafficOptions => ({ mix: { identify: 0.1, track: 0.6, page: 0.3 }, newShare: 0.05, knownUsers, idPrefix, seed });
    await runLoad({ ...base, concurrency: 2, requests: knownUsers / 100, traffic: traffic("seed", 1), call: { kind: "seed", batchSize: 100 } });
    for (let i = 0; i < segments; i++) await createSegment(runtime.deps, runtime.workspaceId, { name: `Segment ${i}`, rule: benchRule(i) });
    if (scoringRules) {
      for (const key of SCORES.slice(1)) await putScore(runtime.deps, runtime.workspaceId, key, { name: key, thresholds: [20, 50], decay: null, promote: [] });
      await putScore(runtime.deps, runtime.workspaceId, "default", { name: "Lead score", thresholds: [50], decay: { kind: "expire", after: { amount: 90, unit: "days" } }, promote: [{ threshold: 50, stage: "mql" }] });
    }
    for (let i = 0; i < scoringRules; i++) await createScoringRule(runtime.deps, runtime.workspaceId, benchScoringRule(i));
    await runAllDue(runtime.deps);
    note(`segments on ${dialect}: ${o.events} events through /v1/batch with ${segments} segments and ${scoringRules} scoring rules`);
    const load = await runLoad({ ...base, concurrency: 4, requests: Math.ceil(o.events / 100), call: { kind: "batch", batchSize: 100 }, traffic: traffic("load", 2) });
    if (load.failedCalls) throw new Error(`${load.failedCalls} calls failed: ${load.firstFailure}`);
    return load.elapsedMs;
  } finally {
    await server.close();
    await runtime.close();
  }
}

async function runAllDue(deps: Deps): Promise<void> {
  for (const job of deps.backgroundJobs) while ((await job.runDue(100)) > 0);
}

const EVENTS = ["Viewed Product", "Added to Cart", "Started Checkout", "Completed Order", "Searched"];
const PAGES = ["Home", "Pricing", "Docs", "Blog", "Signup"];
const PLANS = ["free", "pro", "team", "enterprise"];

/** Event rules (some capped per day) on the three scores, and fit rules on properties. */
function benchScoringRule(i: number): ScoringRuleIn {
  const score = SCORES[i % SCORES.length]!;
  if (i % 4 === 3) {
    const property = i % 8 === 3 ? { property: "plan", op: "equals" as const, value: PLANS[i % PLANS.length]! } : { property: "seats", op: "gte" as const, value: 5 + i };
    return { kind: "property", score, name: `Fit ${i}`, points: 5 + (i % 10), property };
  }
  const name = i % 2 ? PAGES[i % PAGES.length]! : EVENTS[i % EVENTS.length]!;
  const filters = i % 3 === 0 ? [{ property: "price", op: "gt" as const, value: 50 }] : undefined;
  return {
    kind: "event",
    score,
    name: `Rule ${i}`,
    points: i % 7 === 6 ? -3 : 1 + (i % 5),
    event: { name, ...(filters && { filters }) },
    ...(i % 5 === 0 && { cap: { points: 10, per: { amount: 1, unit: "days" as const } } }),
  };
}

/** A mix of the rules marketers write, over what the bench traffic sends. */
function benchRule(i: number): Rule {
  const window = { amount: [7, 30, 90][i % 3]!, unit: "days" as const };
  switch (i % 5) {
    case 0:
      return { type: "event", name: EVENTS[i % EVENTS.length]!, count: { op: "gte", value: 1 + (i % 3) }, within: window };
    case 1:
      return { type: "event", name: PAGES[i % PAGES.length]!, filters: [{ property: "path", op: "contains", value: PAGES[(i + 1) % PAGES.length]!.toLowerCase() }], count: { op: "gte", value: 1 }, within: window };
    case 2:
      return { type: "all", rules: [{ type: "property", property: "plan", op: "equals", value: PLANS[i % PLANS.length]! }, { type: "property", property: "seats", op: "gte", value: 10 + (i % 30) }] };
    case 3:
      return { type: "all", rules: [{ type: "property", property: "plan", op: "in", value: [PLANS[i % 4]!, PLANS[(i + 1) % 4]!] }, { type: "event", name: "Completed Order", count: { op: "gte", value: 1 }, within: window }] };
    default:
      return { type: "any", rules: [{ type: "event", name: EVENTS[i % EVENTS.length]!, filters: [{ property: "price", op: "gt", value: 100 }], count: { op: "gte", value: 2 } }, { type: "property", property: "seats", op: "gt", value: 45 }] };
  }
}
