/** What an HTTP answer means for a delivery. */
export type ResponseClass = { kind: "delivered" } | { kind: "retry"; retryAt?: number } | { kind: "failed" };

/** Longest Retry-After honoured, ms (1 hour): a receiver cannot park a delivery for days. */
const MAX_RETRY_AFTER = 3600_000;

/**
 * 2xx is delivered. 408 (timeout), 429 (slow down) and 5xx may succeed later, at the time
 * Retry-After asks for if it says; any other status (400, 401, 403, 404, 410, 422, a redirect…)
 * will not, so the delivery gives up at once.
 */
export function classifyResponse(status: number, retryAfter: string | null, now: number): ResponseClass {
  if (status >= 200 && status < 300) return { kind: "delivered" };
  if (status === 408 || status === 429 || status >= 500) {
    const retryAt = parseRetryAfter(retryAfter, now);
    return retryAt === undefined ? { kind: "retry" } : { kind: "retry", retryAt };
  }
  return { kind: "failed" };
}

/** Retry-After as delay-seconds or an HTTP date, as an instant (epoch ms), capped; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const trimmed = value.trim();
  const at = /^\d+$/.test(trimmed) ? now + Number(trimmed) * 1000 : Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(at, now), now + MAX_RETRY_AFTER);
}
