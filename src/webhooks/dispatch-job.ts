import { sendWebhook } from "../channels/index.js";
import type { BackgroundJob, Deps } from "../deps.js";
import { claimDueWebhookDeliveries, recordWebhookAttempt, selectNextWebhookDeliveryDueAt, selectWebhookTargets, toJson, type WebhookDeliveryRow } from "../store/index.js";
import { MAX_WEBHOOK_ATTEMPTS, webhookRetryDelay } from "./retry-schedule.js";

export interface WebhookDispatchOptions {
  /** Deliveries claimed per round, default 100. */
  batchSize?: number;
  /** How long a claim holds a delivery, ms, default 30000; longer than `timeoutMs`. */
  leaseMs?: number;
  /** Deliveries in flight at once per process, default 16. */
  concurrency?: number;
  /** An attempt without an answer by then is abandoned and retried, ms, default 10000. */
  timeoutMs?: number;
}

/**
 * Sends due subscription deliveries, signed with their subscription's secret. Any number of
 * processes may run it on one database: a claim leases its rows (SKIP LOCKED on PostgreSQL), and
 * an outcome is recorded only while that lease still holds, so a slow worker whose lease ran out
 * cannot overwrite the outcome of the one that took over.
 */
export function createWebhookDispatchJob(deps: Deps, options: WebhookDispatchOptions = {}): BackgroundJob {
  const batchSize = options.batchSize ?? 100;
  const leaseMs = options.leaseMs ?? 30_000;
  const concurrency = options.concurrency ?? 16;
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function attempt(row: WebhookDeliveryRow, target: { url: string; secret: string }): Promise<void> {
    const outcome = await sendWebhook({ url: target.url, headers: {}, body: row.body, id: row.id, secret: target.secret, now: deps.clock.now(), timeoutMs });
    const now = deps.clock.now();
    const attempts = row.attempts + 1;
    if (outcome.kind === "delivered") {
      const response = outcome.response;
      await recordWebhookAttempt(deps.db, row.id, row.lease_until!, {
        status: "delivered",
        attempts,
        due_at: row.due_at,
        response_status: response.status ?? null,
        response: toJson(response),
        last_error: row.last_error,
        updated_at: now,
        delivered_at: now,
      });
      return;
    }
    // Unlike a workflow's webhook step, a subscription retries every failure, 4xx included: the
    // receiver's configuration may be fixed meanwhile, and nothing waits on it.
    const gaveUp = attempts >= MAX_WEBHOOK_ATTEMPTS;
    const retryAt = gaveUp ? row.due_at : ("retryAt" in outcome && outcome.retryAt !== undefined ? outcome.retryAt : now + webhookRetryDelay(attempts));
    await recordWebhookAttempt(deps.db, row.id, row.lease_until!, {
      status: gaveUp ? "failed" : "pending",
      attempts,
      due_at: retryAt,
      response_status: outcome.error.status ?? null,
      response: null,
      last_error: toJson({ ...outcome.error, attempts, at: now }),
      updated_at: now,
      delivered_at: null,
    });
    deps.logger.warn({ webhookDeliveryId: row.id, subscriptionId: row.subscription_id, attempt: attempts, error: outcome.error, gaveUp }, "webhook subscription delivery failed");
  }

  return {
    name: "webhook-subscriptions",
    async runDue(limit) {
      const rows = await claimDueWebhookDeliveries(deps.db, deps.dialect, deps.clock.now(), Math.min(limit, batchSize), leaseMs);
      if (!rows.length) return 0;
      const targets = await selectWebhookTargets(deps.db, [...new Set(rows.map((r) => r.subscription_id))]);
      const queue = [...rows];
      await Promise.all(
        Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
          for (let row = queue.shift(); row !== undefined; row = queue.shift()) {
            const target = targets.get(row.subscription_id);
            // Deleted meanwhile: its deliveries went with it.
            if (!target) continue;
            try {
              await attempt(row, target);
            } catch (err) {
              deps.logger.error({ err, webhookDeliveryId: row.id }, "webhook delivery could not be recorded; it is retried when its lease runs out");
            }
          }
        }),
      );
      return rows.length;
    },
    nextDueAt: () => selectNextWebhookDeliveryDueAt(deps.db),
  };
}
