// A child process that sends the load, so the client's CPU work stays off the server's event loop.
import { performance } from "node:perf_hooks";
import { Pool } from "undici";
import type { LoadResult, LoadSpec } from "./spec.js";
import { createTraffic } from "./traffic.js";

process.once("message", (spec: LoadSpec) => {
  run(spec).then(
    (result) => process.send!(result, () => process.exit(0)),
    (err: unknown) => {
      process.stderr.write(`load process failed: ${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
});

async function run(spec: LoadSpec): Promise<LoadResult> {
  const traffic = createTraffic(spec.traffic);
  const { call } = spec;
  const path = call.kind === "track" ? "/v1/track" : "/v1/batch";
  const headers: Record<string, string> = { "content-type": "application/json", ...(spec.authorization ? { authorization: spec.authorization } : {}) };
  const body = (i: number): { json: string; events: number } => {
    if (call.kind === "track") {
      const { type: _type, ...event } = traffic.track();
      return { json: JSON.stringify(call.event ? { ...event, event: call.event } : event), events: 1 };
    }
    if (call.kind === "seed") {
      const to = Math.min(spec.traffic.knownUsers, (i + 1) * call.batchSize);
      return { json: JSON.stringify(traffic.seedBatch(i * call.batchSize, to)), events: to - i * call.batchSize };
    }
    return { json: JSON.stringify(traffic.batch(call.batchSize)), events: call.batchSize };
  };

  const pool = new Pool(spec.origin, { connections: spec.concurrency, pipelining: 1 });
  const latencies = new Float64Array(spec.requests);
  const result: Omit<LoadResult, "latenciesMs" | "elapsedMs"> = { okCalls: 0, failedCalls: 0, eventsAccepted: 0, statuses: {}, firstFailure: null };
  let next = 0;
  let done = 0;

  const started = performance.now();
  const deadline = started + (spec.maxMs ?? Number.POSITIVE_INFINITY);
  const client = async (): Promise<void> => {
    while (next < spec.requests && performance.now() < deadline) {
      const i = next++;
      if (spec.ratePerS) await sleepUntil(started + (i * 1000) / spec.ratePerS);
      const { json, events } = body(i);
      const t0 = performance.now();
      let status = 0;
      let text = "";
      try {
        const res = await pool.request({ path, method: "POST", headers, body: json });
        status = res.statusCode;
        text = await res.body.text();
      } catch (err) {
        text = (err as Error).message;
      }
      latencies[done++] = performance.now() - t0;
      result.statuses[status] = (result.statuses[status] ?? 0) + 1;
      if (status >= 200 && status < 300) {
        result.okCalls++;
        result.eventsAccepted += events;
      } else {
        result.failedCalls++;
        result.firstFailure ??= `${status} ${text.slice(0, 500)}`;
      }
    }
  };

  await Promise.all(Array.from({ length: spec.concurrency }, client));
  const elapsedMs = performance.now() - started;
  await pool.close();
  return { ...result, elapsedMs, latenciesMs: latencies.slice(0, done) };
}

async function sleepUntil(at: number): Promise<void> {
  const ms = at - performance.now();
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
}
