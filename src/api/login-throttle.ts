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
  private readonly failures = new Map<string, number[]>();
  private readonly perAccount: number;
  private readonly perAddress: number;
  private readonly windowMs: number;
  private readonly maxKeys: number;

  constructor(options: LoginThrottleOptions = {}) {
    this.perAccount = options.perAccount ?? 5;
    this.perAddress = options.perAddress ?? 30;
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.maxKeys = options.maxKeys ?? 10_000;
  }

  /** ms until this address may try this email again; 0 when it may now. */
  retryAfter(address: string, email: string, now: number): number {
    return Math.max(this.wait(accountKey(address, email), this.perAccount, now), this.wait(address, this.perAddress, now));
  }

  fail(address: string, email: string, now: number): void {
    for (const key of [accountKey(address, email), address]) {
      if (!this.failures.has(key) && this.failures.size >= this.maxKeys) this.sweep(now);
      this.failures.set(key, [...this.recent(key, now), now]);
    }
  }

  succeed(address: string, email: string): void {
    this.failures.delete(accountKey(address, email));
  }

  private wait(key: string, limit: number, now: number): number {
    const times = this.recent(key, now);
    return times.length < limit ? 0 : times[times.length - limit]! + this.windowMs - now;
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => t > now - this.windowMs);
  }

  private sweep(now: number): void {
    for (const [key, times] of this.failures) if (times[times.length - 1]! <= now - this.windowMs) this.failures.delete(key);
    for (const key of this.failures.keys()) {
      if (this.failures.size < this.maxKeys) break;
      this.failures.delete(key);
    }
  }
}

function accountKey(address: string, email: string): string {
  return `${address} ${email.trim().toLowerCase()}`;
}
