import type { TrafficOptions } from "./traffic.js";

/** What one load process sends: `requests` calls, `concurrency` at a time, over keep-alive connections. */
export interface LoadSpec {
  origin: string;
  /** `Authorization` header value, or none. */
  authorization?: string;
  concurrency: number;
  requests: number;
  /** Stop starting calls after this long, ms, even if fewer than `requests` were sent. */
  maxMs?: number;
  /** Start calls at this steady rate, calls/s (open loop: a slow answer does not delay the next start); default as fast as answers come. */
  ratePerS?: number;
  traffic: TrafficOptions;
  /** `batch`: POST /v1/batch of `batchSize` events; `track`: POST /v1/track, one event (named `event` if given); `seed`: identify the known pool in batches. */
  call: { kind: "batch"; batchSize: number } | { kind: "track"; event?: string } | { kind: "seed"; batchSize: number };
}

export interface LoadResult {
  /** From the first request sent to the last response read. */
  elapsedMs: number;
  okCalls: number;
  failedCalls: number;
  /** Events in calls answered 2xx. */
  eventsAccepted: number;
  /** Latency of each call, ms, in completion order. */
  latenciesMs: Float64Array;
  /** Count of answers by status code (0: network error). */
  statuses: Record<string, number>;
  /** The first failure, to show what went wrong. */
  firstFailure: string | null;
}
