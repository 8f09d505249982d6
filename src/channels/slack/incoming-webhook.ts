import type { SendOutcome } from "../outcome.js";
import { postDelivery } from "../http/post.js";

/** Posts a message to a Slack incoming-webhook URL (`https://hooks.slack.com/services/…`). */
export function sendSlack(message: { url: string; text: string; now: number; timeoutMs: number }): Promise<SendOutcome> {
  return postDelivery({
    url: message.url,
    headers: { "content-type": "application/json", "user-agent": "Parcours/1" },
    body: JSON.stringify({ text: message.text }),
    now: message.now,
    timeoutMs: message.timeoutMs,
    errorPrefix: "Slack",
  });
}
