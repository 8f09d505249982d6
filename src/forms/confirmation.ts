import { createSmtpSender, linkSigningKey, mailboxRow, signToken, smtpOptions, TemplateError, verifyToken, type EmailMessage } from "../channels/index.js";
import { NotFoundError, ParcoursError } from "../core/index.js";
import type { Deps } from "../deps.js";
import { senderAddress } from "../messaging/index.js";
import type { FormDefinition, FormValue } from "../schemas/form.js";
import type { RenderedEmail } from "../schemas/template.js";
import { insertMailboxMessage, selectSuppressionsOf, selectWorkspace, type Db } from "../store/index.js";
import { compiledTemplate, renderMessage } from "../templates/index.js";

/** Marks a token as a form confirmation link's: tracked and unsubscribe links share the key. */
const PURPOSE = "fc";
const DEFAULT_SUBJECT = "Please confirm your email address";
/** Suppressions that stop every email: a confirmation to such an address is not sent. */
const STOPS = new Set(["hard_bounce", "complaint", "manual"]);

/** The confirmation email could not be handed to the SMTP server: the submission waits, the sender may try again. */
export class ConfirmationNotSentError extends ParcoursError {
  readonly status = 503;
  readonly title = "Confirmation email not sent";
}

/** What a confirmation link names. */
export interface ConfirmationTarget {
  workspaceId: string;
  formId: string;
  submissionId: string;
}

/**
 * The link of a double opt-in email: `${baseUrl}/f/<form>/confirm/<token>`, signed with the
 * install's link key. It does not expire; confirming twice changes nothing.
 */
export async function confirmationUrl(deps: Deps, t: ConfirmationTarget): Promise<string> {
  const token = signToken(await linkSigningKey(deps), { p: PURPOSE, w: t.workspaceId, f: t.formId, s: t.submissionId });
  return `${deps.config.baseUrl}/f/${encodeURIComponent(t.formId)}/confirm/${token}`;
}

/** The submission a token of `confirmationUrl` names for this form, or undefined (altered, foreign, another form's). */
export async function readConfirmationToken(deps: Deps, formId: string, token: string): Promise<ConfirmationTarget | undefined> {
  const p = verifyToken(await linkSigningKey(deps), token);
  if (!p || p.p !== PURPOSE || p.f !== formId || typeof p.w !== "string" || typeof p.s !== "string") return undefined;
  return { workspaceId: p.w, formId, submissionId: p.s };
}

export interface ConfirmationRequest extends ConfirmationTarget {
  formName: string;
  definition: FormDefinition;
  email: string;
  values: Record<string, FormValue>;
  properties: Record<string, unknown>;
}

/**
 * The confirmation email, from the workspace's default sender: the form's email template
 * (`{{ confirm_url }}`, `{{ contact.email }}`, `{{ contact.properties.* }}`, `{{ form.name }}`,
 * `{{ fields.* }}`) or a built-in one. Undefined when the address is suppressed (bounced,
 * complained, blocked): nothing is sent to it.
 */
export async function confirmationEmail(deps: Deps, r: ConfirmationRequest): Promise<EmailMessage | undefined> {
  const suppressions = await selectSuppressionsOf(deps.db, r.workspaceId, [r.email]);
  if (suppressions.some((s) => STOPS.has(s.reason))) return undefined;
  const url = await confirmationUrl(deps, r);
  const sender = (await senderAddress(deps, deps.db, r.workspaceId, undefined))!;
  const optIn = r.definition.doubleOptIn!;
  const fromTemplate = optIn.templateId === undefined ? undefined : await templateEmail(deps, r, optIn.templateId, url);
  const email = fromTemplate ?? builtIn(r, url, (await selectWorkspace(deps.db, r.workspaceId))?.name);
  return {
    from: sender.from,
    ...(sender.replyTo ? { replyTo: sender.replyTo } : {}),
    to: r.email,
    subject: email.subject,
    text: email.text,
    html: email.html,
    headers: { "X-Parcours-Form": r.formId },
    messageId: `<${r.submissionId}.confirm@parcours>`,
  };
}

/**
 * The form's template rendered for the submission; undefined, and the built-in email sent, when
 * it was deleted or does not render: the person who just submitted must still get a link.
 */
async function templateEmail(deps: Deps, r: ConfirmationRequest, templateId: string, url: string): Promise<RenderedEmail | undefined> {
  try {
    const { compiled } = await compiledTemplate(deps, deps.db, r.workspaceId, templateId);
    if (compiled.channel !== "email") throw new TemplateError(`template ${templateId} is not an email template`);
    const fields = { contact: { email: r.email, properties: r.properties }, fields: r.values, form: { id: r.formId, name: r.formName }, confirm_url: url };
    return renderMessage(compiled, fields) as RenderedEmail;
  } catch (err) {
    if (!(err instanceof TemplateError || err instanceof NotFoundError)) throw err;
    deps.logger.warn({ err, formId: r.formId, templateId }, "the form's confirmation template cannot be used; the built-in email is sent");
    return undefined;
  }
}

/** Keeps the email in the local mailbox, in the caller's transaction, when no SMTP server is configured. */
export async function keepInMailbox(deps: Deps, db: Db, workspaceId: string, submissionId: string, message: EmailMessage): Promise<void> {
  if (!deps.config.smtpUrl) await insertMailboxMessage(db, mailboxRow(deps, workspaceId, `form:${submissionId}`, message));
}

/** Hands the email to the SMTP server when one is configured (after the submission committed). */
export async function sendBySmtp(deps: Deps, message: EmailMessage): Promise<void> {
  if (!deps.config.smtpUrl) return;
  const smtp = createSmtpSender(smtpOptions(deps, deps.config.smtpUrl));
  try {
    const outcome = await smtp.send(message);
    if (outcome.kind !== "delivered") {
      deps.logger.warn({ error: outcome.error, to: message.to }, "form confirmation email not sent");
      throw new ConfirmationNotSentError("the confirmation email could not be sent; please try again in a moment");
    }
  } finally {
    smtp.close();
  }
}

function builtIn(r: ConfirmationRequest, url: string, workspaceName: string | undefined): RenderedEmail {
  const title = r.definition.title ?? r.formName;
  const from = workspaceName ? ` from ${workspaceName}` : "";
  const why = `You get this email because this address was entered in the form "${title}". If it was not you, ignore it: nothing happens without your confirmation.`;
  const text = `Hello,\n\nPlease confirm your email address to receive email${from}:\n\n${url}\n\n${why}\n`;
  const html = `<!doctype html><html><body>
<p>Hello,</p>
<p>Please confirm your email address to receive email${escapeHtml(from)}:</p>
<p><a href="${escapeHtml(url)}">Confirm my email address</a></p>
<p style="font-size:small;color:#555">${escapeHtml(why)}</p>
</body></html>`;
  return { subject: r.definition.doubleOptIn?.subject ?? DEFAULT_SUBJECT, preheader: "", text, html };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
