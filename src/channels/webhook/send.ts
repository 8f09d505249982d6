import type { SendOutcome } from "../outcome.js";
import { postDelivery } from "../http/post.js";
import { signWebhook } from "./sign.js";

/** One attempt at a webhook: the stored request, signed afresh (a new timestamp) each time. */
export interface WebhookAttempt {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** `webhook-id`: the same on every attempt, so receivers can drop repeats. */
  id: string;
  secret: string;
  /** Now, epoch ms (from the clock): the `webhook-timestamp`. */
  now: number;
  /** Abandon the attempt after this long, ms. */
  timeoutMs: number;
}

/** POSTs the JSON body with the Standard Webhooks headers, and says what the answer means. */
export async function sendWebhook(a: WebhookAttempt): Promise<SendOutcome & { json?: unknown }> {
  const headers = {
    ...a.headers,
    "content-type": "application/json",
    "user-agent": "Parcours-Webhooks/1",
    ...signWebhook(a.secret, a.id, Math.floor(a.now / 1000), a.body),
  };
  return postDelivery({ url: a.url, headers, body: a.body, now: a.now, timeoutMs: a.timeoutMs, errorPrefix: "Webhook" });
}
