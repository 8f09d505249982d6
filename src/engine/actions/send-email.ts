import { TemplateError } from "../../channels/index.js";
import { NonRetriableError, NotFoundError } from "../../core/index.js";
import { senderAddress } from "../../messaging/index.js";
import type { RenderedEmail } from "../../schemas/template.js";
import { compiledTemplate, renderMessage } from "../../templates/index.js";
import { queueDelivery } from "../delivery/queue.js";
import { mergeFields } from "../delivery/merge-fields.js";
import type { ActionHandlers } from "../runtime/step.js";

/**
 * Renders the template's latest version for the contact now and queues the email in the outbox
 * (sent by SMTP, or kept in the local mailbox); the run waits until it is sent. A contact
 * without an email address is skipped, and the step says so.
 */
export const sendEmail: ActionHandlers["send_email"] = async (ctx, action, nodeId) => {
  const { contact, run } = ctx;
  if (!contact.email) return { decision: "email not sent", reason: "the contact has no email address", skipped: true };
  const { compiled, version } = await compiledTemplate(ctx.deps, ctx.db, run.workspaceId, action.templateId).catch((err: unknown) => {
    throw err instanceof NotFoundError ? new NonRetriableError(`no template ${JSON.stringify(action.templateId)}: it was deleted after the workflow was published`) : err;
  });
  if (compiled.channel !== "email") throw new NonRetriableError(`template ${action.templateId} is a ${compiled.channel} template, not an email one`);
  const sender = await senderAddress(ctx.deps, ctx.db, run.workspaceId, action.senderId);
  if (!sender) throw new NonRetriableError(`no sender identity ${JSON.stringify(action.senderId)} in this workspace`);
  let email: RenderedEmail;
  try {
    email = renderMessage(compiled, { ...mergeFields(ctx, nodeId), event: (await ctx.triggerEvent()) ?? {} }) as RenderedEmail;
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
    html: email.html,
    template: { id: action.templateId, version },
    category: action.category,
  });
  return { decision: `email "${email.subject}" to ${contact.email} queued`, reason: `delivery ${key}` };
};
