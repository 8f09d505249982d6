import { checkConsent, type ConsentChannel, type MessageCategory } from "../../consent/index.js";
import type { StepContext, StepRecord } from "../runtime/step.js";

/**
 * The send-time consent check of a message step: undefined when the message may go, else the
 * step's record saying why not; the skip is also an `email.skipped` (`sms.skipped`) event on the
 * contact's timeline, so the contact's history shows the message that was not sent and why.
 */
export async function consentRefusal(
  ctx: StepContext,
  nodeId: string,
  message: { channel: ConsentChannel; category: MessageCategory; topicId?: string | undefined; templateId: string },
): Promise<StepRecord | undefined> {
  const { contact, run } = ctx;
  const decision = await checkConsent(
    ctx.deps,
    { workspaceId: run.workspaceId, contactId: contact.id, email: contact.email, channel: message.channel, category: message.category, ...(message.topicId === undefined ? {} : { topicId: message.topicId }) },
    ctx.db,
  );
  if (decision.allowed) return undefined;
  ctx.session.record(contact, {
    kind: "internal",
    name: `${message.channel}.skipped`,
    properties: { reason: decision.reason, detail: decision.detail, templateId: message.templateId, category: message.category, runId: run.id, nodeId, ...(message.topicId ? { topicId: message.topicId } : {}) },
  });
  return { decision: `${message.channel === "email" ? "email" : "SMS"} not sent`, reason: `${decision.reason}: ${decision.detail}`, skipped: true };
}
