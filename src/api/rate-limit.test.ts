import { describe, expect, it } from "vitest";
import { SlidingWindowLimiter } from "./rate-limit.js";

describe("the sliding-window limiter", () => {
  it("allows `limit` hits per key in any window and says when the next one is allowed", () => {
    const limiter = new SlidingWindowLimiter({ limit: 3, windowMs: 60_000 });
    expect(limiter.hit("a", 0)).toEqual({ allowed: true });
    expect(limiter.hit("a", 10_000)).toEqual({ allowed: true });
    expect(limiter.hit("a", 20_000)).toEqual({ allowed: true });
    expect(limiter.hit("a", 30_000)).toEqual({ allowed: false, retryAfterMs: 30_000 });
    expect(limiter.hit("b", 30_000)).toEqual({ allowed: true });
    // The first hit leaves the window at 60 s; refused hits do not count.
    expect(limiter.hit("a", 59_999)).toEqual({ allowed: false, retryAfterMs: 1 });
    expect(limiter.hit("a", 60_000)).toEqual({ allowed: true });
    expect(limiter.hit("a", 60_001)).toEqual({ allowed: false, retryAfterMs: 9_999 });
  });

  it("keeps at most maxKeys keys, dropping idle ones first", () => {
    const limiter = new SlidingWindowLimiter({ limit: 1, windowMs: 1000, maxKeys: 3 });
    limiter.hit("old", 0);
    limiter.hit("b", 1500);
    limiter.hit("c", 1600);
    limiter.hit("d", 1700);
    expect(limiter.size).toBe(3);
    expect(limiter.hit("b", 1800)).toEqual({ allowed: false, retryAfterMs: 700 });
    limiter.hit("e", 1900);
    expect(limiter.size).toBe(3);
  });
});
