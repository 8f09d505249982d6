/** Attempts a delivery gets before it gives up (and fails its run). */
export const MAX_DELIVERY_ATTEMPTS = 8;

/**
 * Delay before the next attempt after `failed` failed ones: 10 s, 40 s, 160 s, 640 s… at most
 * 6 h, about 16 h from the first attempt to the last. A receiver's Retry-After takes precedence.
 */
export function deliveryDelay(failed: number): number {
  return Math.min(10_000 * 4 ** Math.max(failed - 1, 0), 6 * 3600_000);
}
