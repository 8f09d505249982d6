import { describe, expect, it } from "vitest";
import { classifyResponse, parseRetryAfter } from "./classify.js";

const NOW = Date.UTC(2026, 0, 5, 9, 0, 0);

describe("what an HTTP answer means for a delivery", () => {
  it.each([200, 201, 202, 204, 299])("%i is delivered", (status) => expect(classifyResponse(status, null, NOW)).toEqual({ kind: "delivered" }));
  it.each([408, 429, 500, 502, 503, 504])("%i is retried", (status) => expect(classifyResponse(status, null, NOW)).toEqual({ kind: "retry" }));
  it.each([301, 302, 400, 401, 403, 404, 410, 422])("%i gives up at once", (status) => expect(classifyResponse(status, null, NOW)).toEqual({ kind: "failed" }));

  it("honours Retry-After in seconds and as an HTTP date, capped at an hour", () => {
    expect(classifyResponse(429, "120", NOW)).toEqual({ kind: "retry", retryAt: NOW + 120_000 });
    expect(classifyResponse(503, new Date(NOW + 30_000).toUTCString(), NOW)).toEqual({ kind: "retry", retryAt: NOW + 30_000 });
    expect(parseRetryAfter("999999", NOW)).toBe(NOW + 3600_000);
    expect(parseRetryAfter(new Date(NOW - 60_000).toUTCString(), NOW)).toBe(NOW);
    expect(parseRetryAfter("soon", NOW)).toBeUndefined();
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
  });
});
