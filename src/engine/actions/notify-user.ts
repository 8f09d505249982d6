import { TemplateError, renderTemplate, textToHtml } from "../../channels/index.js";
import { NonRetriableError } from "../../core/index.js";
import { selectUser } from "../../store/index.js";
import { queueDelivery } from "../delivery/queue.js";
import { mergeFields } from "../delivery/merge-fields.js";
import type { ActionHandlers } from "../runtime/step.js";

/**
 * Queues an internal email to a workspace user (a sales rep: "hot lead"), subject and body
 * rendered now with merge fields, plus `user.*` for the recipient. Sent by SMTP when configured,
 * otherwise kept in the local mailbox; the run waits until it is.
 */
export const notifyUser: ActionHandlers["notify_user"] = async (ctx, action, nodeId) => {
  const user = await selectUser(ctx.db, ctx.deps.dialect, ctx.run.workspaceId, action.userId);
  if (!user) throw new NonRetriableError(`no user ${JSON.stringify(action.userId)} in this workspace to notify`);
  const fields = { ...mergeFields(ctx, nodeId), user: { id: user.id, email: user.email, name: user.name } };
  const render = (source: string, field: string) => {
    try {
      return renderTemplate(source, fields);
    } catch (err) {
      if (err instanceof TemplateError) throw new NonRetriableError(`the notification's ${field} has a bad merge field: ${err.message}`, { cause: err });
      throw err;
    }
  };
  const subject = render(action.subject, "subject").replace(/[\r\n]+/g, " ");
  const text = render(action.body, "body");
  const { key } = await queueDelivery(ctx, nodeId, { version: 1, kind: "email", userId: user.id, to: user.email, subject, text, html: textToHtml(text) });
  return { decision: `email to ${user.email} queued`, reason: `delivery ${key}` };
};
