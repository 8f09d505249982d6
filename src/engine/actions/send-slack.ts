import { TemplateError, renderTemplate } from "../../channels/index.js";
import { NonRetriableError } from "../../core/index.js";
import { queueDelivery } from "../delivery/queue.js";
import { mergeFields } from "../delivery/merge-fields.js";
import type { ActionHandlers } from "../runtime/step.js";
import { ownerFields } from "./owner-fields.js";

/**
 * Posts a message to a Slack channel through its incoming-webhook URL; the run waits until Slack
 * took it. Besides the usual merge fields the text may name the contact's owner: `{{ owner.name }}`,
 * `{{ owner.email }}` (empty when it has none).
 */
export const sendSlack: ActionHandlers["send_slack"] = async (ctx, action, nodeId) => {
  let text: string;
  try {
    text = renderTemplate(action.text, { ...mergeFields(ctx, nodeId), owner: await ownerFields(ctx), event: (await ctx.triggerEvent()) ?? {} });
  } catch (err) {
    if (err instanceof TemplateError) throw new NonRetriableError(`the Slack message has a bad merge field: ${err.message}`, { cause: err });
    throw err;
  }
  const { key } = await queueDelivery(ctx, nodeId, { version: 1, kind: "slack", url: action.url, text });
  return { decision: `Slack message to ${new URL(action.url).host} queued`, reason: `delivery ${key}` };
};
