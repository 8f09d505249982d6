import type { DeliveryResponse } from "../schemas/outbox.js";

/** What went wrong with an attempt, as kept with the delivery (and the run, if it gives up). */
export interface AttemptError {
  name: string;
  message: string;
  /** The status the receiver answered, if it answered. */
  status?: number;
}

/**
 * What one attempt at an external effect came to: done, worth another try (no sooner than
 * `retryAt` when the receiver said so), or failed for good.
 */
export type SendOutcome =
  | { kind: "delivered"; response: DeliveryResponse }
  | { kind: "retry"; error: AttemptError; retryAt?: number }
  | { kind: "failed"; error: AttemptError };
