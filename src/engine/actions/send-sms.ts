import { TemplateError } from "../../channels/index.js";
import { NonRetriableError, NotFoundError } from "../../core/index.js";
import { compiledTemplate, renderMessage } from "../../templates/index.js";
import { queueDelivery } from "../delivery/queue.js";
import { mergeFields } from "../delivery/merge-fields.js";
import type { ActionHandlers } from "../runtime/step.js";
import { holdAtSendTime } from "./send-time-checks.js";

/** E.164: a plus sign and up to 15 digits, the form SMS APIs take. */
const PHONE = /^\+[1-9]\d{6,14}$/;

/**
 * Renders the SMS template for the contact and queues it for the SMS provider; the run waits
 * until the provider accepted it. A contact without a valid number is skipped, saying why.
 */
export const sendSms: ActionHandlers["send_sms"] = async (ctx, action, nodeId) => {
  const { contact, run } = ctx;
  const raw = contact.properties[action.phoneProperty];
  const phone = typeof raw === "string" ? raw.replace(/[\s().-]/g, "") : undefined;
  if (!phone || !PHONE.test(phone)) {
    return { decision: "SMS not sent", reason: raw === undefined ? `the contact has no ${action.phoneProperty}` : `${action.phoneProperty} ${JSON.stringify(raw)} is not a phone number in international form (+33612345678)`, skipped: true };
  }
  const held = await holdAtSendTime(ctx, nodeId, { channel: "sms", category: action.category, templateId: action.templateId, whenThrottled: action.whenThrottled });
  if (held) return held;
  const { compiled, version } = await compiledTemplate(ctx.deps, ctx.db, run.workspaceId, action.templateId).catch((err: unknown) => {
    throw err instanceof NotFoundError ? new NonRetriableError(`no template ${JSON.stringify(action.templateId)}: it was deleted after the workflow was published`) : err;
  });
  if (compiled.channel !== "sms") throw new NonRetriableError(`template ${action.templateId} is a ${compiled.channel} template, not an SMS one`);
  let body: string;
  try {
    body = (renderMessage(compiled, { ...mergeFields(ctx, nodeId), event: (await ctx.triggerEvent()) ?? {} }) as { body: string }).body;
  } catch (err) {
    if (err instanceof TemplateError) throw new NonRetriableError(`template ${action.templateId} cannot be rendered for this contact: ${err.message}`, { cause: err });
    throw err;
  }
  const { key } = await queueDelivery(ctx, nodeId, { version: 1, kind: "sms", contactId: contact.id, to: phone, body, template: { id: action.templateId, version }, category: action.category });
  return { decision: `SMS to ${phone} queued`, reason: `delivery ${key}` };
};
