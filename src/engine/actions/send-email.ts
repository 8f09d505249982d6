import { linkSigningKey, TemplateError } from "../../channels/index.js";
import { listUnsubscribeHeaders, unsubscribeUrl } from "../../consent/index.js";
import { NonRetriableError, NotFoundError } from "../../core/index.js";
import { senderAddress, trackEmailHtml } from "../../messaging/index.js";
import type { RenderedEmail } from "../../schemas/template.js";
import { compiledTemplate, renderMessage } from "../../templates/index.js";
import { queueDelivery } from "../delivery/queue.js";
import { mergeFields } from "../delivery/merge-fields.js";
import type { ActionHandlers } from "../runtime/step.js";
import { holdAtSendTime } from "./send-time-checks.js";

/**
 * Renders the template's latest version for the contact now and queues the email in the outbox
 * (sent by SMTP, or kept in the local mailbox); the run waits until it is sent. A contact
 * without an email address, or without consent (unsubscribed, suppressed), is skipped, and the
 * step says why. Marketing email carries an unsubscribe link (`{{ unsubscribe_url }}`) and the
 * List-Unsubscribe headers for one-click unsubscribing. Links and opens are tracked: they come
 * back as `email.clicked` / `email.opened` naming this run and step.
 */
export const sendEmail: ActionHandlers["send_email"] = async (ctx, action, nodeId) => {
  const { contact, run } = ctx;
  if (!contact.email) return { decision: "email not sent", reason: "the contact has no email address", skipped: true };
  const held = await holdAtSendTime(ctx, nodeId, { channel: "email", category: action.category, topicId: action.topicId, templateId: action.templateId, whenThrottled: action.whenThrottled });
  if (held) return held;
  const { compiled, version } = await compiledTemplate(ctx.deps, ctx.db, run.workspaceId, action.templateId).catch((err: unknown) => {
    throw err instanceof NotFoundError ? new NonRetriableError(`no template ${JSON.stringify(action.templateId)}: it was deleted after the workflow was published`) : err;
  });
  if (compiled.channel !== "email") throw new NonRetriableError(`template ${action.templateId} is a ${compiled.channel} template, not an email one`);
  const sender = await senderAddress(ctx.deps, ctx.db, run.workspaceId, action.senderId);
  if (!sender) throw new NonRetriableError(`no sender identity ${JSON.stringify(action.senderId)} in this workspace`);
  // The message's id is chosen first: its unsubscribe link names it.
  const messageId = ctx.deps.ids();
  const unsubscribe =
    action.category === "marketing"
      ? await unsubscribeUrl(ctx.deps, { workspaceId: run.workspaceId, contactId: contact.id, messageId, ...(action.topicId ? { topicId: action.topicId } : {}) }, ctx.deps.config.baseUrl)
      : undefined;
  let email: RenderedEmail;
  try {
    email = renderMessage(compiled, { ...mergeFields(ctx, nodeId), event: (await ctx.triggerEvent()) ?? {}, unsubscribe_url: unsubscribe ?? "" }) as RenderedEmail;
  } catch (err) {
    if (err instanceof TemplateError) throw new NonRetriableError(`template ${action.templateId} cannot be rendered for this contact: ${err.message}`, { cause: err });
    throw err;
  }
  const { key } = await queueDelivery(ctx, nodeId, {
    version: 1,
    kind: "email",
    contactId: contact.id,
    to: contact.email,
    from: sender.from,
    ...(sender.replyTo ? { replyTo: sender.replyTo } : {}),
    subject: email.subject,
    text: email.text,
    html: trackEmailHtml(await linkSigningKey(ctx.deps), ctx.deps.config.baseUrl, email.html, {
      workspaceId: run.workspaceId,
      contactId: contact.id,
      messageId,
      workflowId: run.workflowId,
      runId: run.id,
      nodeId,
      templateId: action.templateId,
    }),
    ...(unsubscribe ? { headers: listUnsubscribeHeaders(unsubscribe) } : {}),
    template: { id: action.templateId, version },
    category: action.category,
  }, messageId);
  return { decision: `email "${email.subject}" to ${contact.email} queued`, reason: `delivery ${key}` };
};
