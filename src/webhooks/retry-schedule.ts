/** Attempts a delivery gets before it is marked failed. */
export const MAX_WEBHOOK_ATTEMPTS = 8;

/** Waits after the 1st, 2nd… failed attempt, ms: the schedule the Standard Webhooks spec suggests (about 28 hours in all). */
const DELAYS = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000, 5 * 3600_000, 10 * 3600_000, 10 * 3600_000];

/** Delay before the next attempt after `failed` failed ones. A receiver's Retry-After takes precedence. */
export function webhookRetryDelay(failed: number): number {
  return DELAYS[Math.min(Math.max(failed, 1), DELAYS.length) - 1]!;
}
