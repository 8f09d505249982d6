import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "kysely";
import { systemClock } from "../src/core/index.js";
import type { Deps } from "../src/deps.js";
import { createEngine, type Engine } from "../src/engine/index.js";
import { newRunState } from "../src/engine/runtime/run-state.js";
import { toJson } from "../src/store/index.js";
import { insertPendingTimers, publish, seedContacts, settle, TIMER_WORKFLOW } from "./engine.js";
import { emit, note } from "./figures.js";
import { percentile, perSecond } from "./stats.js";
import { openBenchRuntime, type DialectName } from "./target.js";

export interface LatenessOptions {
  postgresUrl: string;
  dialects: DialectName[];
  /** Timers pending a year out while the others fall due. */
  pending: number;
  /** Runs whose timers fall due spread over LATE_SPREAD_MS, each one's lateness measured. */
  lateSample: number;
  /** Runs whose timers are all due at once, drained by the engine's loop. */
  burst: number;
}

const YEAR = 365 * 24 * 3600 * 1000;
/** The sampled timers fall due from this long after the engine starts… */
const LATE_LEAD_MS = 1000;
/** …evenly over this long. */
const LATE_SPREAD_MS = 5000;
/** How often the bench counts the timers left, ms: the burst's time is known to this much. */
const POLL_MS = 20;
/** Give up waiting for timers this long after they should all have run. */
const GIVE_UP_MS = 120_000;
const GOALS = { lateness: "p99 < 1000 ms", burst: ">= 10000 timers/s" };

/**
 * Issue 3 §7's real-clock figures, on one database per dialect: `pending` timers a year out, then
 * (1) `lateSample` timers falling due over a few seconds while the engine's background loop runs,
 * each one's lateness read from the step it ran, and (2) `burst` timers due at once, drained by
 * the loop. Sampled and burst runs each belong to their own contact, as real runs would.
 */
export async function runLateness(o: LatenessOptions): Promise<void> {
  for (const dialect of o.dialects) {
    const runtime = await openBenchRuntime(dialect, o.postgresUrl, { clock: systemClock });
    try {
      const { deps, workspaceId } = runtime;
      const label = `lateness on ${dialect}`;
      note(`${label}: seeding ${1 + o.lateSample + o.burst} contacts`);
      const ids = await seedContacts(deps, workspaceId, 1 + o.lateSample + o.burst, () => ({}));
      const workflowId = await publish(deps, workspaceId, "Bench lateness", TIMER_WORKFLOW);
      note(`${label}: inserting ${o.pending} pending timers`);
      await insertPendingTimers({ deps, workspaceId, workflowId, contactId: ids[0]!, dueAt: deps.clock.now() + YEAR, from: 0, count: o.pending });
      const engine = createEngine(deps);
      const late = { deps, workspaceId, workflowId, fromContact: ids[1]!, toContact: ids[o.lateSample]! };
      await measureLateness(engine, late, dialect, o);
      const burst = { deps, workspaceId, workflowId, fromContact: ids[1 + o.lateSample]!, toContact: ids.at(-1)! };
      await measureBurst(engine, burst, dialect, o);
    } finally {
      await runtime.close();
    }
  }
}

interface Group {
  deps: Deps;
  workspaceId: string;
  workflowId: string;
  /** The group's contacts: ids from, to (inclusive), in creation order. */
  fromContact: string;
  toContact: string;
}

async function measureLateness(engine: Engine, g: Group, dialect: DialectName, o: LatenessOptions): Promise<void> {
  const { deps } = g;
  // Inserted half a year out, then moved to start LATE_LEAD_MS from now: however long the insert
  // takes, the first timer falls due that long after the loop starts.
  const parkedAt = deps.clock.now() + YEAR / 2;
  await insertWaitingRuns(g, parkedAt, LATE_SPREAD_MS);
  const firstDue = deps.clock.now() + LATE_LEAD_MS;
  await deps.db
    .updateTable("timers")
    .set((eb) => ({ due_at: eb("due_at", "+", firstDue - parkedAt) }))
    .where("due_at", ">=", parkedAt)
    .where("due_at", "<", parkedAt + LATE_SPREAD_MS)
    .execute();
  const dueAt = await timersDueBefore(deps, firstDue + LATE_SPREAD_MS);
  note(`${dialect}: ${dueAt.size} timers fall due over ${LATE_SPREAD_MS / 1000} s, from ${firstDue - deps.clock.now()} ms from now; engine loop running`);
  engine.start();
  const left = await waitForTimers(deps, firstDue + LATE_SPREAD_MS, firstDue + LATE_SPREAD_MS + GIVE_UP_MS);
  await engine.stop();

  // The tag step is each run's first since the delay; only the sampled runs have run one yet.
  const steps = await deps.db.selectFrom("run_steps").select(["run_id", "at"]).where("node_id", "=", "tag").execute();
  const firedAt = new Map(steps.map((s) => [s.run_id, Number(s.at)]));
  const lateness = [...dueAt].flatMap(([runId, due]) => (firedAt.has(runId) ? [firedAt.get(runId)! - due] : []));
  const params = { dialect, pending: o.pending, sample: dueAt.size, measured: lateness.length, matches: left === 0 && lateness.length === dueAt.size, spreadMs: LATE_SPREAD_MS };
  emit({ scenario: "lateness", metric: "lateness_p50_ms", value: percentile(lateness, 50), unit: "ms", params });
  emit({ scenario: "lateness", metric: "lateness_p99_ms", value: percentile(lateness, 99), unit: "ms", params: { ...params, goal: GOALS.lateness } });
  emit({ scenario: "lateness", metric: "lateness_max_ms", value: percentile(lateness, 100), unit: "ms", params });
}

async function measureBurst(engine: Engine, g: Group, dialect: DialectName, o: LatenessOptions): Promise<void> {
  const { deps } = g;
  const due = deps.clock.now();
  await insertWaitingRuns(g, due, 0);
  note(`${dialect}: ${o.burst} timers due at once; engine loop running`);
  const started = performance.now();
  engine.start();
  const left = await waitForTimers(deps, due + 1, deps.clock.now() + GIVE_UP_MS);
  const ms = performance.now() - started;
  await engine.stop();
  const drained = o.burst - left;
  const params = { dialect, pending: o.pending, burst: o.burst, drained, matches: left === 0, ms: Math.round(ms), pollMs: POLL_MS, goal: GOALS.burst };
  emit({ scenario: "lateness", metric: "burst_timers_per_s", value: perSecond(drained, ms), unit: "timers/s", params });
}

/**
 * One run per contact of the group, waiting at the tag node (as if it had slept through the
 * delay), with its timer due evenly over [firstDue, firstDue + spreadMs): set-based, like
 * insertPendingTimers, but from the contacts table so that each run has its own contact.
 */
async function insertWaitingRuns(g: Group, firstDue: number, spreadMs: number): Promise<void> {
  const { db } = g.deps;
  const now = g.deps.clock.now();
  const group = sql`with c as (
      select id, row_number() over (order by id) - 1 as k, count(*) over () as n
      from contacts where workspace_id = ${g.workspaceId} and id between ${g.fromContact} and ${g.toContact})`;
  await db.transaction().execute(async (trx) => {
    await sql`${group}
      insert into workflow_runs (id, workspace_id, workflow_id, version, contact_id, status, node_id, state, trigger, error, started_at, updated_at, ended_at)
      select 'run-' || c.id, ${g.workspaceId}, ${g.workflowId}, 1, c.id, 'waiting', 'tag', ${toJson(newRunState())}, ${toJson({ type: "api" })}, null, ${now}, ${now}, null from c`.execute(trx);
    // Integer arithmetic in 64 bits on both dialects: PostgreSQL would otherwise take the epoch for an int4.
    await sql`${group}
      insert into timers (run_id, workspace_id, due_at, lease_until, attempts)
      select 'run-' || c.id, ${g.workspaceId}, cast(${firstDue} as bigint) + (cast(c.k as bigint) * cast(${spreadMs} as bigint)) / c.n, null, 0 from c`.execute(trx);
  });
  await settle(g.deps);
}

/** The timers due before `before` (the pending ones are a year out), by run. */
async function timersDueBefore(deps: Deps, before: number): Promise<Map<string, number>> {
  const rows = await deps.db.selectFrom("timers").select(["run_id", "due_at"]).where("due_at", "<", before).execute();
  return new Map(rows.map((r) => [r.run_id, Number(r.due_at)]));
}

/**
 * Polls until no timer due before `before` is left (the pending ones are a year out), or
 * `giveUpAt`; returns how many are left. The poll reads one index entry, so it barely takes from
 * the engine it watches (on SQLite they share the connection and the event loop).
 */
async function waitForTimers(deps: Deps, before: number, giveUpAt: number): Promise<number> {
  const dueBefore = () => deps.db.selectFrom("timers").where("due_at", "<", before);
  while ((await dueBefore().select("run_id").limit(1).executeTakeFirst()) && deps.clock.now() <= giveUpAt) await sleep(POLL_MS);
  const { n } = await dueBefore().select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(n);
}
