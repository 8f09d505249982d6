import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import { createManualClock, type ManualClock } from "../src/core/index.js";
import { withContactSession } from "../src/contacts/index.js";
import type { Deps } from "../src/deps.js";
import { createEngine, createWorkflow, publishWorkflow, type Engine } from "../src/engine/index.js";
import { newRunState } from "../src/engine/runtime/run-state.js";
import { WorkflowCreate } from "../src/schemas/workflow-api.js";
import { toJson } from "../src/store/index.js";
import { emit, note } from "./figures.js";
import { perSecond } from "./stats.js";
import { openBenchRuntime, type DialectName } from "./target.js";

export interface EngineOptions {
  postgresUrl: string;
  /** Where steps/s (SQLite: one engine; PostgreSQL: one, then two) and the timer-scale ratio are measured. */
  dialects: DialectName[];
  /** Contacts enrolled for steps/s. */
  runs: number;
  /** Not-yet-due timers pending in the large timer-scale case. */
  pending: number;
  /** Due timers processed in each timer-scale case. */
  due: number;
}

const DAY = 24 * 3600 * 1000;
/** Not-yet-due timers pending in the small timer-scale case (issue 3 §7). */
export const SMALL_PENDING = 10_000;
/** Enrolments in flight at once: on SQLite they queue for the one writer anyway. */
const ENROL_CONCURRENCY = 4;
/** Contacts created per transaction while seeding. */
const SEED_BATCH = 1000;
const GOALS = { steps: ">= 20000 steps/s on SQLite", ratio: "<= 1.5" };

/**
 * Issue 3's six-node workflow: a condition on the plan, then set_property → delay 1 day →
 * add_tag → webhook (to a sink on loopback) → end for "pro" contacts; add_tag → end for the others.
 */
const stepsWorkflow = (sinkUrl: string) => ({
  version: 1,
  triggers: [{ type: "api" }],
  start: "is-pro",
  nodes: [
    { id: "is-pro", type: "condition", rule: { type: "property", property: "plan", op: "equals", value: "pro" }, yes: "mark", no: "tag-free" },
    { id: "mark", type: "action", action: { kind: "set_property", property: "onboarding", value: "started" }, next: "wait-a-day" },
    { id: "wait-a-day", type: "delay", wait: { kind: "duration", duration: { amount: 1, unit: "days" } }, next: "tag-pro" },
    { id: "tag-pro", type: "action", action: { kind: "add_tag", tag: "onboarded" }, next: "notify-crm" },
    { id: "notify-crm", type: "action", action: { kind: "webhook", url: sinkUrl, body: { email: "{{ contact.email }}", plan: "{{ contact.properties.plan }}" } }, next: "done" },
    { id: "tag-free", type: "action", action: { kind: "add_tag", tag: "free" }, next: "done" },
    { id: "done", type: "end" },
  ],
});

/** Every run waits at the delay, so a known number of timers falls due at a chosen time. */
export const TIMER_WORKFLOW = {
  version: 1,
  triggers: [{ type: "api" }],
  start: "wait-a-day",
  nodes: [
    { id: "wait-a-day", type: "delay", wait: { kind: "duration", duration: { amount: 1, unit: "days" } }, next: "tag" },
    { id: "tag", type: "action", action: { kind: "add_tag", tag: "woken" }, next: "done" },
    { id: "done", type: "end" },
  ],
};

export async function runEngine(o: EngineOptions): Promise<void> {
  for (const dialect of o.dialects) {
    for (const engines of dialect === "postgres" ? [1, 2] : [1]) await measureSteps(o, dialect, engines);
  }
  for (const dialect of o.dialects) await measureTimerScale(o, dialect);
}

/**
 * Steps/s end to end: `runs` contacts (half on plan "pro") enrolled, then the engine(s) run what
 * is due, the clock moves a day, and they run the rest. The figure is the run_steps recorded
 * over the time of those two engine phases; enrolment is timed on its own.
 */
async function measureSteps(o: EngineOptions, dialect: DialectName, engineCount: number): Promise<void> {
  const clock = createManualClock(Date.UTC(2030, 0, 1));
  const runtime = await openBenchRuntime(dialect, o.postgresUrl, { clock });
  try {
    const label = `engine steps on ${dialect}, ${engineCount} engine${engineCount > 1 ? "s" : ""}`;
    note(`${label}: seeding ${o.runs} contacts`);
    const { deps, workspaceId } = runtime;
    const contactIds = await seedContacts(deps, workspaceId, o.runs, (i) => ({ plan: i % 2 === 0 ? "pro" : "free" }));
    const sink = await startWebhookSink();
    const workflowId = await publish(deps, workspaceId, "Bench steps", stepsWorkflow(sink.url));
    const engines = [createEngine(deps)];
    for (let i = 1; i < engineCount; i++) engines.push(createEngine(await runtime.openSibling()));

    note(`${label}: enrolling`);
    const enrolMs = await timed(() => enrolAll(engines[0]!, workspaceId, workflowId, contactIds));
    note(`${label}: running`);
    const runMs = await timed(async () => {
      await Promise.all(engines.map((e) => e.runDue()));
      if (engines.length === 1) {
        await engines[0]!.advanceClock(DAY);
      } else {
        // advanceClock is one engine's loop; with several, each runs what falls due, concurrently.
        clock.advance(DAY);
        await Promise.all(engines.map((e) => e.runDue()));
      }
    });

    // Steps taken, one per node a run passed; a webhook's delivery record is not a step of its own.
    const steps = Number(
      (await deps.db.selectFrom("run_steps").select((eb) => eb.fn.countAll<number>().as("n")).where("outcome", "<>", "delivered").executeTakeFirstOrThrow()).n,
    );
    const completed = Number(
      (await deps.db.selectFrom("workflow_runs").select((eb) => eb.fn.countAll<number>().as("n")).where("status", "=", "completed").executeTakeFirstOrThrow()).n,
    );
    await sink.close();
    const params = { dialect, engines: engineCount, runs: o.runs, webhooks: sink.received() };
    emit({ scenario: "engine", metric: "enrolments_per_s", value: perSecond(o.runs, enrolMs), unit: "enrolments/s", params: { ...params, concurrency: ENROL_CONCURRENCY } });
    emit({ scenario: "engine", metric: "steps_per_s", value: perSecond(steps, runMs), unit: "steps/s", params: { ...params, steps, ms: Math.round(runMs), goal: GOALS.steps } });
    emit({ scenario: "engine", metric: "runs_per_s", value: perSecond(completed, runMs), unit: "runs/s", params: { ...params, completed, matches: completed === o.runs } });
  } finally {
    await runtime.close();
  }
}

/**
 * Time to process `due` due timers with SMALL_PENDING, then `pending`, timers pending a year
 * out. Both cases share one database: 2 × `due` contacts are enrolled an hour apart into a
 * workflow that waits a day, so each half falls due at its own time; the pending timers (and
 * their runs) are inserted set-based before each case.
 */
async function measureTimerScale(o: EngineOptions, dialect: DialectName): Promise<void> {
  const clock = createManualClock(Date.UTC(2030, 0, 1));
  const runtime = await openBenchRuntime(dialect, o.postgresUrl, { clock });
  try {
    const label = `engine timers on ${dialect}`;
    const { deps, workspaceId } = runtime;
    note(`${label}: enrolling ${2 * o.due} contacts at a delay`);
    const ids = await seedContacts(deps, workspaceId, 2 * o.due + 1, () => ({}));
    const parked = ids.pop()!;
    const workflowId = await publish(deps, workspaceId, "Bench timers", TIMER_WORKFLOW);
    const engine = createEngine(deps);
    const start = clock.now();
    await enrolAll(engine, workspaceId, workflowId, ids.slice(0, o.due));
    await engine.runDue();
    clock.advance(3600_000);
    await enrolAll(engine, workspaceId, workflowId, ids.slice(o.due));
    await engine.runDue();

    const base = { deps, workspaceId, workflowId, contactId: parked, dueAt: start + 365 * DAY };
    await insertPendingTimers({ ...base, from: 0, count: SMALL_PENDING });
    const smallMs = await processDueAt(engine, clock, start + DAY, o.due);
    note(`${label}: inserting ${o.pending - SMALL_PENDING} more pending timers`);
    await insertPendingTimers({ ...base, from: SMALL_PENDING, count: o.pending - SMALL_PENDING });
    const largeMs = await processDueAt(engine, clock, start + DAY + 3600_000, o.due);

    const params = { dialect, due: o.due };
    emit({ scenario: "engine", metric: "due_timers_ms_small", value: smallMs, unit: "ms", params: { ...params, pending: SMALL_PENDING } });
    emit({ scenario: "engine", metric: "due_timers_ms_large", value: largeMs, unit: "ms", params: { ...params, pending: o.pending } });
    emit({ scenario: "engine", metric: "timer_scale_ratio", value: largeMs / smallMs, unit: "ratio", params: { ...params, pending: [SMALL_PENDING, o.pending], goal: GOALS.ratio } });
  } finally {
    await runtime.close();
  }
}

/** Sets the clock to `at` and times one runDue, which must process exactly the `due` timers due then. */
async function processDueAt(engine: Engine, clock: ManualClock, at: number, due: number): Promise<number> {
  clock.set(at);
  let advanced = 0;
  const ms = await timed(async () => {
    advanced = await engine.runDue();
  });
  if (advanced !== due) throw new Error(`expected ${due} due timers, the engine advanced ${advanced}`);
  return ms;
}

/**
 * `count` waiting runs with a timer due at `dueAt`, written by two INSERT … SELECT over a
 * generated series (the same SQL on SQLite and PostgreSQL), so a million take seconds, not minutes.
 */
export async function insertPendingTimers(p: { deps: Deps; workspaceId: string; workflowId: string; contactId: string; dueAt: number; from: number; count: number }): Promise<void> {
  if (p.count <= 0) return;
  const { db } = p.deps;
  const series = sql`with recursive n(i) as (select cast(${p.from + 1} as integer) union all select i + 1 from n where i < cast(${p.from + p.count} as integer))`;
  const now = p.deps.clock.now();
  await db.transaction().execute(async (trx) => {
    await sql`${series}
      insert into workflow_runs (id, workspace_id, workflow_id, version, contact_id, status, node_id, state, trigger, error, started_at, updated_at, ended_at)
      select 'pending-' || i, ${p.workspaceId}, ${p.workflowId}, 1, ${p.contactId}, 'waiting', 'tag', ${toJson(newRunState())}, ${toJson({ type: "api" })}, null, ${now}, ${now}, null from n`.execute(trx);
    await sql`${series}
      insert into timers (run_id, workspace_id, due_at, lease_until, attempts)
      select 'pending-' || i, ${p.workspaceId}, ${p.dueAt}, null, 0 from n`.execute(trx);
  });
  await settle(p.deps);
}

/**
 * Settles a bulk write before timing, so the measured phase does not pay for the setup: SQLite
 * would otherwise checkpoint these pages from the WAL then, and PostgreSQL plan without statistics.
 */
export async function settle(deps: Deps): Promise<void> {
  if (deps.dialect.name === "sqlite") await sql`pragma wal_checkpoint(truncate)`.execute(deps.db);
  else await sql`analyze workflow_runs, timers`.execute(deps.db);
}

/** Creates `count` contacts with the given properties, SEED_BATCH per transaction; returns their ids in order. */
export async function seedContacts(deps: Deps, workspaceId: string, count: number, properties: (i: number) => Record<string, unknown>): Promise<string[]> {
  const ids: string[] = [];
  for (let from = 0; from < count; from += SEED_BATCH) {
    const batch = await withContactSession(deps, workspaceId, async (s) => {
      const created: string[] = [];
      for (let i = from; i < Math.min(count, from + SEED_BATCH); i++) {
        const c = s.create({ email: `bench-${i}@engine.test` }, { channel: "api" });
        s.setProperties(c, properties(i));
        created.push(c.id);
      }
      return created;
    });
    ids.push(...batch);
  }
  return ids;
}

export async function publish(deps: Deps, workspaceId: string, name: string, definition: unknown): Promise<string> {
  const created = await createWorkflow(deps, workspaceId, WorkflowCreate.parse({ name, definition }));
  await publishWorkflow(deps, workspaceId, created.id);
  return created.id;
}

/** Enrols every contact through the engine, ENROL_CONCURRENCY at a time; every one must be accepted. */
async function enrolAll(engine: Engine, workspaceId: string, workflowId: string, contactIds: string[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < contactIds.length) {
      const contactId = contactIds[next++]!;
      const outcome = await engine.enrol({ workspaceId, workflowId, contactId, trigger: { type: "api" } });
      if (!outcome.enrolled) throw new Error(`contact ${contactId} was not enrolled: ${outcome.reason}`);
    }
  };
  await Promise.all(Array.from({ length: ENROL_CONCURRENCY }, worker));
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** A loopback HTTP server answering every webhook 200 with keep-alive, counting what it receives. */
async function startWebhookSink(): Promise<{ url: string; received(): number; close(): Promise<void> }> {
  let received = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      received++;
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received: () => received,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
