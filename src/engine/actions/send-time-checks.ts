import { checkConsent, checkSendingPressure, type ConsentChannel, type MessageCategory } from "../../consent/index.js";
import type { WhenThrottled } from "../../schemas/sending-policy.js";
import type { StepContext, StepRecord } from "../runtime/step.js";
import { wallClockText } from "../steps/wall-clock.js";

/** The message a step is about to send, as the send-time checks read it. */
export interface GatedMessage {
  channel: ConsentChannel;
  category: MessageCategory;
  topicId?: string | undefined;
  templateId: string;
  /** What the step does with a message the sending policy holds back; absent means defer. */
  whenThrottled?: WhenThrottled | undefined;
}

/**
 * The send-time checks of a message step: undefined when the message may go now, else the step's
 * record saying why not. First consent: a refused message is skipped, and an `email.skipped`
 * (`sms.skipped`) event on the contact's timeline shows the message that was not sent and why.
 * Then the workspace's sending pressure (frequency cap, quiet hours; marketing only): a message
 * held back is deferred (the record's `deferUntil`: the step runs again then, checking both
 * again; `email.deferred` / `sms.deferred` on the timeline), or skipped, or sent anyway, as the
 * step's `whenThrottled` says.
 */
export async function holdAtSendTime(ctx: StepContext, nodeId: string, message: GatedMessage): Promise<StepRecord | undefined> {
  const { contact, run } = ctx;
  const decision = await checkConsent(
    ctx.deps,
    { workspaceId: run.workspaceId, contactId: contact.id, email: contact.email, channel: message.channel, category: message.category, ...(message.topicId === undefined ? {} : { topicId: message.topicId }) },
    ctx.db,
  );
  if (!decision.allowed) return skip(ctx, nodeId, message, decision.reason, decision.detail);
  return pressureHold(ctx, nodeId, message);
}

async function pressureHold(ctx: StepContext, nodeId: string, message: GatedMessage): Promise<StepRecord | undefined> {
  const when = message.whenThrottled ?? "defer";
  if (when === "send" || message.category === "transactional") return undefined;
  const { contact, run } = ctx;
  const held = await checkSendingPressure(
    ctx.deps,
    { workspaceId: run.workspaceId, contactId: contact.id, timezone: contact.timezone, channel: message.channel, category: message.category, now: ctx.now },
    ctx.db,
  );
  if (held.allowed) return undefined;
  if (when === "skip") return skip(ctx, nodeId, message, held.reason, held.detail);
  const until = new Date(held.until).toISOString();
  ctx.session.record(contact, {
    kind: "internal",
    name: `${message.channel}.deferred`,
    properties: { reason: held.reason, detail: held.detail, until, templateId: message.templateId, category: message.category, runId: run.id, nodeId, ...(message.topicId ? { topicId: message.topicId } : {}) },
  });
  return {
    decision: `${label(message.channel)} deferred until ${until}`,
    reason: `${held.reason}: ${held.detail}; the step runs again at ${wallClockText(held.until, held.zone)}`,
    deferUntil: held.until,
  };
}

function skip(ctx: StepContext, nodeId: string, message: GatedMessage, reason: string, detail: string): StepRecord {
  const { contact, run } = ctx;
  ctx.session.record(contact, {
    kind: "internal",
    name: `${message.channel}.skipped`,
    properties: { reason, detail, templateId: message.templateId, category: message.category, runId: run.id, nodeId, ...(message.topicId ? { topicId: message.topicId } : {}) },
  });
  return { decision: `${label(message.channel)} not sent`, reason: `${reason}: ${detail}`, skipped: true };
}

function label(channel: ConsentChannel): string {
  return channel === "email" ? "email" : "SMS";
}
