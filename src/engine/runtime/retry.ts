/** A failing step or enrolment is retried this many times, with growing delays, before giving up. */
export const MAX_ATTEMPTS = 5;

/** Delay before the next attempt after `attempts` failed ones: 1 s, 2 s, 4 s… at most 5 min. */
export function retryDelay(attempts: number): number {
  return Math.min(1000 * 2 ** attempts, 300_000);
}
