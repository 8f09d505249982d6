import { fork, type ChildProcess } from "node:child_process";
import { systemClock } from "../src/core/index.js";
import { createEngine } from "../src/engine/index.js";
import { createNewsletter, seedRecipients } from "./broadcast-email.js";
import { publish } from "./engine.js";
import { emit, note } from "./figures.js";
import type { InboxResult, InboxSpec } from "./load/inbox-spec.js";
import { percentile, perSecond } from "./stats.js";
import { basicAuth, listenParcours, openBenchRuntime, type DialectName } from "./target.js";

const ENTRY = new URL("./load/inbox-process.ts", import.meta.url);
const EVENT = "Bench Inbox";
const PREFIX = "inbox";
/** Sent first on the same schedule and not counted: a server that has just started is still compiling its hot paths. */
const WARMUP_SECONDS = 1;
const CLIENTS = 50;
/** How long to wait for the last emails after the last call. */
const WAIT_MS = 30_000;
const GOAL = "p99 < 1000 ms";

/** Every /v1/track call of EVENT sends the newsletter to its contact (marketing: consent checked, unsubscribe link, tracked links). */
const INBOX_WORKFLOW = (templateId: string) => ({
  version: 1,
  triggers: [{ type: "event", name: EVENT }],
  start: "send",
  nodes: [
    { id: "send", type: "action", action: { kind: "send_email", templateId }, next: "done" },
    { id: "done", type: "end" },
  ],
});

/**
 * Trigger to inbox: the real server with the engine's loop in its process and SMTP_URL pointing
 * at an SMTP server in the load child, which sends /v1/track calls at `rate` for `seconds` (each
 * for its own seeded contact) and notes when each call was answered and when its email was
 * accepted, on its one clock. Latency: accepted − answered.
 */
export async function measureInbox(o: { postgresUrl: string; dialect: DialectName; rate: number; seconds: number }): Promise<void> {
  const child = fork(ENTRY, [], { execArgv: ["--import", "tsx"], serialization: "advanced", stdio: ["ignore", "ignore", "inherit", "ipc"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    const { port } = await nextMessage<{ kind: "listening"; port: number }>(child);
    const runtime = await openBenchRuntime(o.dialect, o.postgresUrl, { clock: systemClock, env: { SMTP_URL: `smtp://127.0.0.1:${port}` } });
    const { deps, workspaceId } = runtime;
    const warmupCalls = o.rate * WARMUP_SECONDS;
    const calls = Math.max(1, Math.round(o.rate * o.seconds));
    await seedRecipients(deps, workspaceId, { count: warmupCalls + calls, prefix: PREFIX });
    const { templateId } = await createNewsletter(deps, workspaceId);
    await publish(deps, workspaceId, "Bench inbox", INBOX_WORKFLOW(templateId));
    // Created before the server takes events: it registers the trigger reactor on these deps.
    const engine = createEngine(deps);
    const server = await listenParcours(runtime);
    engine.start();
    try {
      note(`broadcast on ${o.dialect}: trigger to inbox, ${WARMUP_SECONDS} s of warm-up then ${o.seconds} s of /v1/track at ${o.rate} calls/s, each emailing its contact`);
      const spec: InboxSpec = { origin: server.origin, authorization: basicAuth(runtime.writeKey), event: EVENT, prefix: PREFIX, warmupCalls, calls, ratePerS: o.rate, concurrency: CLIENTS, waitMs: WAIT_MS };
      const cpu = process.cpuUsage();
      child.send(spec);
      const { result } = await nextMessage<{ kind: "result"; result: InboxResult }>(child);
      const { user, system } = process.cpuUsage(cpu);
      if (result.failedCalls) throw new Error(`broadcast: ${result.failedCalls} /v1/track calls failed, first: ${result.firstFailure}`);
      const latencies: number[] = [];
      const callMs: number[] = [];
      for (let i = warmupCalls; i < warmupCalls + calls; i++) {
        if (!Number.isNaN(result.callMs[i]!)) callMs.push(result.callMs[i]!);
        if (!Number.isNaN(result.answered[i]!) && !Number.isNaN(result.accepted[i]!)) latencies.push(result.accepted[i]! - result.answered[i]!);
      }
      const params = {
        dialect: o.dialect,
        rate: o.rate,
        achievedRate: Math.round(perSecond(result.okCalls + warmupCalls, result.elapsedMs)),
        seconds: o.seconds,
        events: result.okCalls,
        emails: latencies.length,
        matches: latencies.length === calls,
        callP99Ms: Math.round(percentile(callMs, 99) * 100) / 100,
        // The server's CPU time (ingestion, engine, rendering, SMTP client) per event, warm-up included.
        cpuMsPerEvent: Math.round((user + system) / 10 / (warmupCalls + calls)) / 100,
      };
      emit({ scenario: "broadcast", metric: "inbox_latency_p50_ms", value: percentile(latencies, 50), unit: "ms", params });
      emit({ scenario: "broadcast", metric: "inbox_latency_p99_ms", value: percentile(latencies, 99), unit: "ms", params: { ...params, goal: GOAL } });
      emit({ scenario: "broadcast", metric: "inbox_latency_max_ms", value: percentile(latencies, 100), unit: "ms", params });
    } finally {
      await server.close();
      await engine.stop();
      await runtime.close();
    }
  } finally {
    child.kill();
    await exited;
  }
}

function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`inbox process exited with code ${code} before reporting`));
    child.once("exit", onExit);
    child.once("message", (m) => {
      child.off("exit", onExit);
      resolve(m as T);
    });
  });
}
