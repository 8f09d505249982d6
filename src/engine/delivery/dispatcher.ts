import type { Deps } from "../../deps.js";
import { DeliveryPayload, type DeliveryError } from "../../schemas/outbox.js";
import { claimDueDeliveries, fromJson, retryDelivery, toJson, type OutboxRow } from "../../store/index.js";
import { MAX_DELIVERY_ATTEMPTS, deliveryDelay } from "./backoff.js";
import { recordDelivered, recordFailed, type DeliveredItem } from "./record.js";
import { createTransports, type Attempt, type Transports } from "./transports.js";

export interface DispatcherOptions {
  /** Deliveries claimed per round, default 100. */
  batchSize?: number;
  /** How long a claim holds a delivery, ms, default 30000; longer than `timeoutMs`. */
  leaseMs?: number;
  /** Deliveries in flight at once, default 32. */
  concurrency?: number;
  /** A webhook attempt without an answer by then is abandoned and retried, ms, default 10000. */
  timeoutMs?: number;
  /** Where deliveries go; default the real ones (HTTP, SMTP or the local mailbox). The simulator sends nowhere. */
  transports?: Transports;
}

/** Sends what the outbox holds: any number of dispatchers may share one database. */
export interface Dispatcher {
  /** Claims the deliveries due now, performs them and records each outcome; returns how many. */
  dispatchDue(): Promise<number>;
  /** Closes pooled connections (SMTP). */
  close(): void;
}

export function createDispatcher(deps: Deps, options: DispatcherOptions = {}): Dispatcher {
  const batchSize = options.batchSize ?? 100;
  const leaseMs = options.leaseMs ?? 30_000;
  const concurrency = options.concurrency ?? 32;
  const transports = options.transports ?? createTransports(deps, options.timeoutMs ?? 10_000);

  async function attempt(row: OutboxRow, payload: DeliveryPayload, secrets: Map<string, Promise<string>>): Promise<Attempt> {
    switch (payload.kind) {
      case "webhook":
        return transports.webhook(row, payload, secrets);
      case "email":
        return transports.email(row, payload);
      case "sms":
        return transports.sms(row, payload);
      case "slack":
        return transports.slack(row, payload);
    }
  }

  /**
   * One attempt; a success is collected into `delivered` to be recorded with the batch's others.
   * An unexpected failure is logged and left to the lease (another claim retries it).
   */
  async function deliver(row: OutboxRow, secrets: Map<string, Promise<string>>, delivered: DeliveredItem[]): Promise<void> {
    try {
      const parsed = DeliveryPayload.safeParse(fromJson(row.payload));
      if (!parsed.success) {
        await recordFailed(deps, row, { name: "NonRetriableError", message: `unreadable delivery payload: ${parsed.error.message}`, attempts: row.attempts + 1, at: deps.clock.now() });
        return;
      }
      const outcome = await attempt(row, parsed.data, secrets);
      if (outcome.kind === "delivered") return void delivered.push({ row, payload: parsed.data, delivered: outcome });
      const now = deps.clock.now();
      const attempts = row.attempts + 1;
      const error: DeliveryError = { ...outcome.error, attempts, at: now };
      if (outcome.kind === "failed" || attempts >= MAX_DELIVERY_ATTEMPTS) return await recordFailed(deps, row, error, parsed.data);
      const retryAt = outcome.retryAt ?? now + deliveryDelay(attempts);
      deps.logger.warn({ deliveryId: row.id, runId: row.run_id, attempt: attempts, error: outcome.error }, "delivery attempt failed");
      await retryDelivery(deps.db, row.id, row.lease_until!, { attempts, retryAt, lastError: toJson({ ...error, retryAt }), at: now });
    } catch (err) {
      deps.logger.error({ err, deliveryId: row.id }, "delivery could not be recorded; it is retried when its lease runs out");
    }
  }

  return {
    async dispatchDue() {
      const rows = await claimDueDeliveries(deps.db, deps.dialect, deps.clock.now(), batchSize, leaseMs);
      const queue = [...rows];
      const secrets = new Map<string, Promise<string>>();
      const delivered: DeliveredItem[] = [];
      await Promise.all(
        Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
          for (let row = queue.shift(); row !== undefined; row = queue.shift()) await deliver(row, secrets, delivered);
        }),
      );
      await recordDelivered(deps, delivered);
      return rows.length;
    },
    close: () => transports.close(),
  };
}
