import { TemplateError, renderTemplate, textToHtml } from "../../channels/index.js";
import { NonRetriableError } from "../../core/index.js";
import { selectUser } from "../../store/index.js";
import { queueDelivery } from "../delivery/queue.js";
import { mergeFields } from "../delivery/merge-fields.js";
import type { ActionHandlers, StepContext } from "../runtime/step.js";
import { ownerFields, type UserFields } from "./owner-fields.js";

/**
 * Queues an internal email to a workspace user (a sales rep: "hot lead"), or with `to: "owner"`
 * to whoever owns the contact now; subject and body rendered now with merge fields, plus `user.*`
 * for the recipient and `owner.*` for the contact's owner. Sent by SMTP when configured,
 * otherwise kept in the local mailbox; the run waits until it is. A contact without an owner
 * notifies nobody and the run goes on.
 */
export const notifyUser: ActionHandlers["notify_user"] = async (ctx, action, nodeId) => {
  const owner = await ownerFields(ctx);
  const user = action.to === "owner" ? owner : await namedUser(ctx, action.userId!);
  if (!user) return { decision: "nobody notified", reason: "the contact has no owner", skipped: true };
  const fields = { ...mergeFields(ctx, nodeId), user, owner };
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
  const whom = action.to === "owner" ? `the contact's owner, ${user.email}` : user.email;
  return { decision: `email to ${whom} queued`, reason: `delivery ${key}` };
};

async function namedUser(ctx: StepContext, userId: string): Promise<UserFields> {
  const user = await selectUser(ctx.db, ctx.deps.dialect, ctx.run.workspaceId, userId);
  if (!user) throw new NonRetriableError(`no user ${JSON.stringify(userId)} in this workspace to notify`);
  return { id: user.id, email: user.email, name: user.name };
}
