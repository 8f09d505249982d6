import { ParcoursError } from "../core/index.js";

/** Too many requests from one sender: answered 429 with `Retry-After`. */
export class TooManyRequestsError extends ParcoursError {
  readonly status = 429;
  readonly title = "Too many requests";
  constructor(
    message: string,
    /** Seconds until a request would be accepted again. */
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = "TooManyRequestsError";
  }
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export interface SlidingWindowOptions {
  /** Requests allowed per key within `windowMs`. */
  limit: number;
  /** ms. */
  windowMs: number;
  /** Keys kept before old ones are swept, default 10000. */
  maxKeys?: number;
}

/**
 * An in-process sliding-window limiter: at most `limit` hits per key in any `windowMs`. The
 * caller gives the time (its clock), so tests move it. State is per process: with several
 * server processes each one counts on its own.
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();
  private readonly maxKeys: number;

  constructor(private readonly options: SlidingWindowOptions) {
    this.maxKeys = options.maxKeys ?? 10_000;
  }

  /** Counts a hit for `key` at `now` (epoch ms) if the window has room; otherwise says when it will. */
  hit(key: string, now: number): RateDecision {
    const retryAfterMs = this.wait(key, now);
    if (retryAfterMs > 0) return { allowed: false, retryAfterMs };
    this.record(key, now);
    return { allowed: true };
  }

  /** ms until the window of `key` has room again; 0 when it has room now. */
  wait(key: string, now: number): number {
    const times = this.recent(key, now);
    return times.length < this.options.limit ? 0 : times[times.length - this.options.limit]! + this.options.windowMs - now;
  }

  /** Counts a hit for `key` at `now`, room or not (failures to hold against later attempts). */
  record(key: string, now: number): void {
    const times = this.recent(key, now);
    if (!this.hits.has(key) && this.hits.size >= this.maxKeys) this.sweep(now - this.options.windowMs);
    times.push(now);
    this.hits.set(key, times);
  }

  /** Forgets the hits of `key`. */
  clear(key: string): void {
    this.hits.delete(key);
  }

  private recent(key: string, now: number): number[] {
    return (this.hits.get(key) ?? []).filter((t) => t > now - this.options.windowMs);
  }

  /** Forgets keys with no hit in the window; if all are recent, the oldest keys go. */
  private sweep(since: number): void {
    for (const [key, times] of this.hits) if (times[times.length - 1]! <= since) this.hits.delete(key);
    for (const key of this.hits.keys()) {
      if (this.hits.size < this.maxKeys) break;
      this.hits.delete(key);
    }
  }

  /** Keys tracked now (for tests). */
  get size(): number {
    return this.hits.size;
  }
}
