import { SlidingWindowLimiter } from "./rate-limit.js";

export interface LoginThrottleOptions {
  /** Failed sign-ins allowed per address and email within `windowMs`, default 5. */
  perAccount?: number;
  /** Failed sign-ins allowed per address, whatever the email, within `windowMs`, default 30. */
  perAddress?: number;
  /** ms, default 15 minutes. */
  windowMs?: number;
  /** Keys kept before old ones are swept, default 10000. */
  maxKeys?: number;
}

/**
 * Counts failed sign-ins per (address, email) and per address, on the caller's clock. Only
 * failures count, so a person who types their password right is never held back; a success
 * clears its (address, email) count. State is per process, like the forms' rate limit.
 */
export class LoginThrottle {
  private readonly perAccount: SlidingWindowLimiter;
  private readonly perAddress: SlidingWindowLimiter;

  constructor(options: LoginThrottleOptions = {}) {
    const windowMs = options.windowMs ?? 15 * 60_000;
    const maxKeys = options.maxKeys ?? 10_000;
    this.perAccount = new SlidingWindowLimiter({ limit: options.perAccount ?? 5, windowMs, maxKeys });
    this.perAddress = new SlidingWindowLimiter({ limit: options.perAddress ?? 30, windowMs, maxKeys });
  }

  /** ms until this address may try this email again; 0 when it may now. */
  retryAfter(address: string, email: string, now: number): number {
    return Math.max(this.perAccount.wait(accountKey(address, email), now), this.perAddress.wait(address, now));
  }

  fail(address: string, email: string, now: number): void {
    this.perAccount.record(accountKey(address, email), now);
    this.perAddress.record(address, now);
  }

  succeed(address: string, email: string): void {
    this.perAccount.clear(accountKey(address, email));
  }
}

function accountKey(address: string, email: string): string {
  return `${address} ${email.trim().toLowerCase()}`;
}
