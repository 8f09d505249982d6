import { setTimeout as sleep } from "node:timers/promises";
import { systemClock } from "../src/core/index.js";
import type { Deps } from "../src/deps.js";
import { createEngine } from "../src/engine/index.js";
import { fromJson } from "../src/store/index.js";
import { publish } from "./engine.js";
import { emit, note } from "./figures.js";
import { runLoad } from "./load/run-load.js";
import type { LoadResult, LoadSpec } from "./load/spec.js";
import { percentile, perSecond } from "./stats.js";
import { basicAuth, listenParcours, openBenchRuntime, type DialectName } from "./target.js";

export interface LatencyOptions {
  postgresUrl: string;
  dialects: DialectName[];
  /** `/v1/track` calls started per second. */
  rate: number;
  /** How long the measured load lasts, s. */
  seconds: number;
}

const EVENT = "Bench Ping";
/** Whose runs the figure counts: the warm-up's events have another message id prefix. */
const MEASURED_PREFIX = "ping";
/** Sent first at the same rate, not counted: a server that has just started is still compiling its hot paths. */
const WARMUP_SECONDS = 1;
/** Connections the load keeps open; calls start on schedule as long as fewer than this are unanswered. */
const CLIENTS = 50;
/** How long to wait, after the load, for the last runs' first step. */
const GIVE_UP_MS = 60_000;
const GOAL = "p99 < 50 ms";

/** Every /v1/track call of EVENT starts a run whose first step is add_tag. */
const PING_WORKFLOW = {
  version: 1,
  triggers: [{ type: "event", name: EVENT }],
  start: "ping",
  nodes: [
    { id: "ping", type: "action", action: { kind: "add_tag", tag: "pinged" }, next: "done" },
    { id: "done", type: "end" },
  ],
};

/**
 * Issue 3 §7's trigger latency: the real server with the engine's background loop in its process,
 * as `parcours serve` runs them, and a child process sending `/v1/track` calls of EVENT at a
 * steady rate, each from a new user (a contact created, a run started). Per event: the `at` of
 * its run's add_tag step minus the event's `received_at`.
 */
export async function runLatency(o: LatencyOptions): Promise<void> {
  for (const dialect of o.dialects) {
    const runtime = await openBenchRuntime(dialect, o.postgresUrl, { clock: systemClock });
    const { deps, workspaceId } = runtime;
    await publish(deps, workspaceId, "Bench ping", PING_WORKFLOW);
    // Created before the server takes events: it registers the trigger reactor on these deps.
    const engine = createEngine(deps);
    const server = await listenParcours(runtime);
    engine.start();
    try {
      const load = (prefix: string, seconds: number): LoadSpec => ({
        origin: server.origin,
        authorization: basicAuth(runtime.writeKey),
        concurrency: CLIENTS,
        requests: Math.max(1, Math.round(o.rate * seconds)),
        ratePerS: o.rate,
        traffic: { mix: { identify: 0, track: 1, page: 0 }, newShare: 1, knownUsers: 1, idPrefix: prefix, seed: 4 },
        call: { kind: "track", event: EVENT },
      });
      note(`latency on ${dialect}: warm-up, ${WARMUP_SECONDS} s at ${o.rate} calls/s`);
      failOnErrors(await runLoad(load("warmup", WARMUP_SECONDS)));
      note(`latency on ${dialect}: ${o.seconds} s of /v1/track at ${o.rate} calls/s`);
      const sent = await runLoad(load(MEASURED_PREFIX, o.seconds));
      failOnErrors(sent);
      const waiting = await waitForFirstSteps(deps, workspaceId);
      const latencies = await triggerLatencies(deps, workspaceId);
      const params = {
        dialect,
        rate: o.rate,
        achievedRate: Math.round(perSecond(sent.okCalls, sent.elapsedMs)),
        seconds: o.seconds,
        events: sent.okCalls,
        measured: latencies.length,
        matches: waiting === 0 && latencies.length === sent.okCalls,
        callP99Ms: Math.round(percentile(sent.latenciesMs, 99) * 100) / 100,
      };
      emit({ scenario: "latency", metric: "trigger_latency_p50_ms", value: percentile(latencies, 50), unit: "ms", params });
      emit({ scenario: "latency", metric: "trigger_latency_p99_ms", value: percentile(latencies, 99), unit: "ms", params: { ...params, goal: GOAL } });
    } finally {
      await server.close();
      await engine.stop();
      await runtime.close();
    }
  }
}

/** Waits until every stored EVENT has its run's first step, or GIVE_UP_MS; returns how many are still without. */
async function waitForFirstSteps(deps: Deps, workspaceId: string): Promise<number> {
  const giveUpAt = deps.clock.now() + GIVE_UP_MS;
  for (;;) {
    const events = await deps.db
      .selectFrom("events")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("workspace_id", "=", workspaceId)
      .where("kind", "=", "track")
      .where("name", "=", EVENT)
      .executeTakeFirstOrThrow();
    const steps = await deps.db
      .selectFrom("run_steps")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("workspace_id", "=", workspaceId)
      .where("node_id", "=", "ping")
      .executeTakeFirstOrThrow();
    const left = Number(events.n) - Number(steps.n);
    if (left <= 0 || deps.clock.now() > giveUpAt) return Math.max(0, left);
    await sleep(50);
  }
}

/** Per measured event: its run's add_tag step `at` minus its `received_at`, joined through the run's trigger (it keeps the event id). */
async function triggerLatencies(deps: Deps, workspaceId: string): Promise<number[]> {
  const events = await deps.db
    .selectFrom("events")
    .select(["id", "received_at", "message_id"])
    .where("workspace_id", "=", workspaceId)
    .where("kind", "=", "track")
    .where("name", "=", EVENT)
    .execute();
  const receivedAt = new Map(events.filter((e) => e.message_id?.startsWith(`${MEASURED_PREFIX}-`)).map((e) => [e.id, Number(e.received_at)]));
  const steps = await deps.db
    .selectFrom("run_steps")
    .innerJoin("workflow_runs", "workflow_runs.id", "run_steps.run_id")
    .select(["run_steps.at", "workflow_runs.trigger"])
    .where("run_steps.workspace_id", "=", workspaceId)
    .where("run_steps.node_id", "=", "ping")
    .execute();
  return steps.flatMap((s) => {
    const eventId = fromJson<{ eventId?: string }>(s.trigger)?.eventId;
    const received = eventId === undefined ? undefined : receivedAt.get(eventId);
    return received === undefined ? [] : [Number(s.at) - received];
  });
}

function failOnErrors(r: LoadResult): void {
  if (r.failedCalls) throw new Error(`latency: ${r.failedCalls} /v1/track calls failed, first: ${r.firstFailure}`);
}
