import { mailboxRow, TemplateError, type AttemptError, type EmailMessage, type SendOutcome } from "../channels/index.js";
import { checkConsentMany, listUnsubscribeHeaders, unsubscribeUrl } from "../consent/index.js";
import { contactFromRow, contactMergeFields, withContactSession, type Contact } from "../contacts/index.js";
import type { Deps } from "../deps.js";
import { trackEmailHtml } from "../messaging/index.js";
import type { BroadcastDefinition } from "../schemas/broadcast.js";
import type { RenderedEmail } from "../schemas/template.js";
import {
  failRecipient,
  insertRows,
  markRecipientsSent,
  recipientKey,
  selectHeldRecipients,
  retryRecipients,
  selectBroadcastOpeners,
  selectContactsByKeys,
  skipRecipients,
  toJson,
  type BroadcastRecipientRow,
  type BroadcastRow,
  type MailboxMessageRow,
  type RecipientKey,
} from "../store/index.js";
import { renderMessage } from "../templates/index.js";
import type { BroadcastContent, BroadcastEmail } from "./content.js";

/** Where a broadcast's emails go: an SMTP server, or the local mailbox (stored when recorded). */
export interface BroadcastTransport {
  via: "smtp" | "mailbox";
  send(message: EmailMessage): Promise<SendOutcome>;
}

/** Attempts a recipient gets before it fails for good (`retries_exhausted`). */
export const MAX_ATTEMPTS = 6;
/** Messages handed to the transport before waiting for one to finish (the SMTP pool queues them). */
const IN_FLIGHT = 32;

/** Delay before the next attempt after `attempts` attempts: 1 min, 4 min, 16 min… at most 2 h. */
export function retryDelay(attempts: number): number {
  return Math.min(60_000 * 4 ** Math.max(attempts - 1, 0), 2 * 3600_000);
}

type Outcome =
  | { kind: "sent"; row: BroadcastRecipientRow; to: string; subject: string; email: BroadcastEmail; messageId: string; mailbox: MailboxMessageRow | undefined }
  | { kind: "skipped"; row: BroadcastRecipientRow; reason: string; detail: string; contact: Contact | undefined }
  | { kind: "failed"; row: BroadcastRecipientRow; reason: string; error: AttemptError }
  | { kind: "retry"; row: BroadcastRecipientRow; error: AttemptError; retryAt: number | undefined };

export interface Batch {
  broadcast: BroadcastRow;
  def: BroadcastDefinition;
  content: BroadcastContent;
  /** Claimed rows, all of this broadcast, held until `leaseUntil`. */
  rows: BroadcastRecipientRow[];
  leaseUntil: number;
}

/**
 * Sends one claimed batch: reads the contacts and checks consent for all of them at once (and,
 * for the resend, who opened since), renders each email from the content compiled once, adds
 * the unsubscribe link and headers and the tracked links, hands them to the transport several at
 * a time, then records every outcome in one unit of work.
 */
export async function deliverBatch(deps: Deps, transport: BroadcastTransport, batch: Batch): Promise<void> {
  const { broadcast: b, def, rows } = batch;
  const contacts = new Map((await selectContactsByKeys(deps.db, deps.dialect, b.workspace_id, { ids: rows.map((r) => r.contact_id) }, false)).map((r) => [r.id, contactFromRow(r)]));
  const decisions = await checkConsentMany(deps, {
    workspaceId: b.workspace_id,
    channel: "email",
    category: def.category,
    ...(def.topicId ? { topicId: def.topicId } : {}),
    recipients: rows.map((r) => ({ contactId: r.contact_id, email: contacts.get(r.contact_id)?.email ?? null })),
  });
  const resends = rows.filter((r) => r.phase === "resend").map((r) => r.contact_id);
  const openers = resends.length ? await selectBroadcastOpeners(deps.db, deps.dialect, { workspaceId: b.workspace_id, broadcastId: b.id, since: b.started_at ?? 0, contactIds: resends }) : new Set<string>();

  const outcomes: Outcome[] = [];
  const inFlight = new Set<Promise<void>>();
  for (const [i, row] of rows.entries()) {
    const contact = contacts.get(row.contact_id);
    const decision = decisions[i]!;
    if (!decision.allowed) outcomes.push({ kind: "skipped", row, reason: decision.reason, detail: decision.detail, contact });
    else if (openers.has(row.contact_id)) outcomes.push({ kind: "skipped", row, reason: "opened", detail: "the contact opened the broadcast before its resend was due", contact });
    else {
      const prepared = await prepare(deps, batch, row, contact!);
      if (prepared.kind !== "ready") {
        outcomes.push(prepared);
        continue;
      }
      const sent = transport.send(prepared.message).then((outcome) => void outcomes.push(afterSend(deps, transport, b.workspace_id, row, outcome, prepared)));
      const tracked: Promise<void> = sent.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
      if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
    }
  }
  await Promise.all(inFlight);
  await recordOutcomes(deps, transport, batch, outcomes);
}

type Prepared = { kind: "ready"; contact: Contact; message: EmailMessage; email: BroadcastEmail; messageId: string } | Extract<Outcome, { kind: "failed" }>;

/** The recipient's email, rendered and tracked; a template that cannot render for this contact fails the recipient. */
async function prepare(deps: Deps, batch: Batch, row: BroadcastRecipientRow, contact: Contact): Promise<Prepared> {
  const { broadcast: b, def, content } = batch;
  const email = content.email(row.phase, row.variant);
  // Chosen first: the unsubscribe link and the tracked links name it.
  const messageId = deps.ids();
  const unsubscribe =
    def.category === "marketing"
      ? await unsubscribeUrl(deps, { workspaceId: b.workspace_id, contactId: contact.id, messageId, ...(def.topicId ? { topicId: def.topicId } : {}) }, deps.config.baseUrl)
      : undefined;
  let rendered: RenderedEmail;
  try {
    rendered = renderMessage(email.compiled, { contact: contactMergeFields(contact), broadcast: { id: b.id, name: b.name }, event: {}, workflow: {}, unsubscribe_url: unsubscribe ?? "" }) as RenderedEmail;
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err;
    return { kind: "failed", row, reason: "render", error: { name: "TemplateError", message: `template ${email.templateId} cannot be rendered for this contact: ${err.message}` } };
  }
  const html = trackEmailHtml(content.key, deps.config.baseUrl, rendered.html, {
    workspaceId: b.workspace_id,
    contactId: contact.id,
    messageId,
    templateId: email.templateId,
    campaignId: b.id,
    ...(row.variant !== null && row.phase !== "resend" ? { variant: row.variant } : {}),
  });
  const message: EmailMessage = {
    from: content.sender.from,
    ...(content.sender.replyTo ? { replyTo: content.sender.replyTo } : {}),
    to: contact.email!,
    subject: rendered.subject,
    text: rendered.text,
    html,
    headers: { ...(unsubscribe ? listUnsubscribeHeaders(unsubscribe) : {}), "X-Parcours-Broadcast": b.id },
    messageId: `<${messageId}@parcours>`,
  };
  return { kind: "ready", contact, message, email, messageId };
}

/** What to record of a send. Only the mailbox keeps the message: the rest of it is dropped at once (a batch of them is megabytes). */
function afterSend(deps: Deps, transport: BroadcastTransport, workspaceId: string, row: BroadcastRecipientRow, outcome: SendOutcome, p: Extract<Prepared, { kind: "ready" }>): Outcome {
  switch (outcome.kind) {
    case "delivered": {
      const mailbox = transport.via === "mailbox" ? mailboxRow(deps, workspaceId, `broadcast:${row.broadcast_id}:${row.phase}:${row.contact_id}`, p.message) : undefined;
      return { kind: "sent", row, to: p.message.to, subject: p.message.subject, email: p.email, messageId: p.messageId, mailbox };
    }
    case "failed":
      return { kind: "failed", row, reason: "rejected", error: outcome.error };
    case "retry":
      return row.attempts >= MAX_ATTEMPTS ? { kind: "failed", row, reason: "retries_exhausted", error: outcome.error } : { kind: "retry", row, error: outcome.error, retryAt: outcome.retryAt };
  }
}

const keyOf = (row: BroadcastRecipientRow): RecipientKey => ({ contactId: row.contact_id, phase: row.phase });

/**
 * Records a batch in one unit of work: the rows still held by this claim are marked (a row another
 * worker took over after the lease ran out is left to it), `email.sent` / `email.skipped` go on
 * the contacts' timelines, and the local mailbox stores its messages. Retries go back in line.
 */
async function recordOutcomes(deps: Deps, transport: BroadcastTransport, batch: Batch, outcomes: Outcome[]): Promise<void> {
  const { broadcast: b, def, leaseUntil } = batch;
  const now = deps.clock.now();
  const sent = outcomes.filter((o) => o.kind === "sent");
  const skipped = outcomes.filter((o) => o.kind === "skipped");
  await withContactSession(deps, b.workspace_id, async (s) => {
    const db = s.transaction;
    const held = await selectHeldRecipients(db, deps.dialect, b.id, leaseUntil);
    const mine = <T extends Outcome>(list: T[]) => list.filter((o) => held.has(recipientKey(keyOf(o.row))));
    const recorded = mine(sent);
    await markRecipientsSent(db, deps.dialect, b.id, leaseUntil, now, recorded.map((o) => ({ ...keyOf(o.row), messageId: o.messageId })));
    const skippedNow = mine(skipped);
    await skipRecipients(db, b.id, leaseUntil, skippedNow.map((o) => ({ ...keyOf(o.row), reason: o.reason })));
    for (const o of mine(outcomes.filter((x) => x.kind === "failed"))) {
      await failRecipient(db, b.id, leaseUntil, keyOf(o.row), o.reason, toJson({ ...o.error, attempts: o.row.attempts, at: now }));
    }
    for (const { retryAt, error, keys } of groupRetries(mine(outcomes.filter((x) => x.kind === "retry")), now)) await retryRecipients(db, b.id, leaseUntil, retryAt, error, keys);
    const mailbox = recorded.flatMap((o) => o.mailbox ?? []);
    if (mailbox.length) await insertRows(db, deps.dialect, "mailbox_messages", mailbox, "on conflict (outbox_key) do nothing");
    await s.load({ ids: [...recorded.map((o) => o.row.contact_id), ...skippedNow.flatMap((o) => (o.contact ? [o.row.contact_id] : []))] });
    const common = { campaignId: b.id, category: def.category, ...(def.topicId ? { topicId: def.topicId } : {}) };
    for (const o of recorded) {
      const contact = s.find({ id: o.row.contact_id });
      if (!contact) continue;
      s.record(contact, {
        kind: "internal",
        name: "email.sent",
        properties: {
          messageId: o.messageId,
          to: o.to,
          subject: o.subject,
          via: transport.via,
          templateId: o.email.templateId,
          templateVersion: o.email.templateVersion,
          ...common,
          phase: o.row.phase,
          ...(o.row.variant !== null && o.row.phase !== "resend" ? { variant: o.row.variant } : {}),
        },
      });
    }
    for (const o of skippedNow) {
      const contact = o.contact && s.find({ id: o.row.contact_id });
      if (!contact) continue;
      const email = batch.content.email(o.row.phase, o.row.variant);
      s.record(contact, { kind: "internal", name: "email.skipped", properties: { reason: o.reason, detail: o.detail, templateId: email.templateId, ...common, phase: o.row.phase } });
    }
  });
  const failed = outcomes.filter((o) => o.kind === "failed" || o.kind === "retry");
  if (failed.length) deps.logger.warn({ broadcastId: b.id, failed: failed.length, first: (failed[0] as { error: AttemptError }).error }, "some broadcast messages were not sent");
}

/** Retries with the same next time and error, together: a batch usually fails for one reason (the server is down). */
function groupRetries(outcomes: Outcome[], now: number): { retryAt: number; error: string; keys: RecipientKey[] }[] {
  const groups = new Map<string, { retryAt: number; error: string; keys: RecipientKey[] }>();
  for (const o of outcomes) {
    if (o.kind !== "retry") continue;
    const retryAt = o.retryAt ?? now + retryDelay(o.row.attempts);
    const error = toJson({ ...o.error, attempts: o.row.attempts, at: now, retryAt });
    const key = `${retryAt}\u0000${error}`;
    const group = groups.get(key) ?? { retryAt, error, keys: [] };
    group.keys.push(keyOf(o.row));
    groups.set(key, group);
  }
  return [...groups.values()];
}
