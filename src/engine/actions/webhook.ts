import { TemplateError, renderStrings } from "../../channels/index.js";
import { NonRetriableError } from "../../core/index.js";
import { queueDelivery } from "../delivery/queue.js";
import { defaultWebhookBody, mergeFields } from "../delivery/merge-fields.js";
import type { ActionHandlers } from "../runtime/step.js";

/**
 * Queues a signed JSON POST in the outbox, its body rendered now (merge fields filled in) so
 * every attempt sends the same bytes. The run waits until the dispatcher has delivered it.
 */
export const webhook: ActionHandlers["webhook"] = async (ctx, action, nodeId) => {
  let body: unknown;
  try {
    body = action.body === undefined ? defaultWebhookBody(ctx, nodeId) : renderStrings(action.body, mergeFields(ctx, nodeId));
  } catch (err) {
    if (err instanceof TemplateError) throw new NonRetriableError(`the webhook body has a bad merge field: ${err.message}`, { cause: err });
    throw err;
  }
  const { key } = await queueDelivery(ctx, nodeId, {
    version: 1,
    kind: "webhook",
    url: action.url,
    headers: action.headers ?? {},
    body: JSON.stringify(body),
    responseMapping: action.responseMapping ?? [],
  });
  return { decision: `webhook to ${new URL(action.url).host} queued`, reason: `delivery ${key}` };
};
