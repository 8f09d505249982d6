import type { DeliveryResponse } from "../../schemas/outbox.js";
import type { SendOutcome } from "../outcome.js";
import { classifyResponse } from "./classify.js";
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

/** Largest response body read (for the response mapping), bytes. */
const MAX_RESPONSE_BYTES = 1024 * 1024;
const EXCERPT_CHARS = 500;

/** POSTs the JSON body with the Standard Webhooks headers, and says what the answer means. */
export async function sendWebhook(a: WebhookAttempt): Promise<SendOutcome & { json?: unknown }> {
  const headers = {
    ...a.headers,
    "content-type": "application/json",
    "user-agent": "Parcours-Webhooks/1",
    ...signWebhook(a.secret, a.id, Math.floor(a.now / 1000), a.body),
  };
  const started = performance.now();
  let res: Response;
  let text: string;
  try {
    res = await fetch(a.url, { method: "POST", headers, body: a.body, redirect: "manual", signal: AbortSignal.timeout(a.timeoutMs) });
    text = await readCapped(res);
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const timedOut = e.name === "TimeoutError";
    const message = timedOut ? `no answer within ${a.timeoutMs} ms` : [e.message, e.cause?.code ?? e.cause?.message].filter(Boolean).join(": ");
    return { kind: "retry", error: { name: timedOut ? "WebhookTimeout" : "WebhookNetworkError", message } };
  }
  const response: DeliveryResponse = {
    status: res.status,
    durationMs: Math.round(performance.now() - started),
    via: new URL(a.url).host,
    ...(text ? { excerpt: text.slice(0, EXCERPT_CHARS) } : {}),
  };
  const verdict = classifyResponse(res.status, res.headers.get("retry-after"), a.now);
  if (verdict.kind === "delivered") return { kind: "delivered", response, ...parsedJson(text) };
  const error = { name: "WebhookHttpError", message: `the receiver answered ${res.status}${text ? `: ${text.slice(0, 200)}` : ""}`, status: res.status };
  return verdict.kind === "retry" ? { kind: "retry", error, ...(verdict.retryAt === undefined ? {} : { retryAt: verdict.retryAt }) } : { kind: "failed", error };
}

async function readCapped(res: Response): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    chunks.push(r.value);
    size += r.value.byteLength;
    if (size >= MAX_RESPONSE_BYTES) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parsedJson(text: string): { json?: unknown } {
  try {
    return text ? { json: JSON.parse(text) } : {};
  } catch {
    return {};
  }
}
