import { createSmtpSender, smtpOptions, mailboxRow, TemplateError, type EmailMessage } from "../channels/index.js";
import { ValidationError } from "../core/index.js";
import type { Deps } from "../deps.js";
import type { RenderedEmail } from "../schemas/template.js";
import { insertMailboxMessage } from "../store/index.js";
import { compiledTemplate, previewFields, renderMessage } from "./templates.js";

/**
 * Sends the template's latest version to `to` now, marked [Test], rendered for a contact or with
 * sample data: by SMTP when configured, else into the local mailbox. No contact's history sees it.
 */
export async function testSend(deps: Deps, workspaceId: string, id: string, input: { to: string; contactId?: string }): Promise<{ via: "smtp" | "mailbox"; messageId: string }> {
  const { compiled } = await compiledTemplate(deps, deps.db, workspaceId, id);
  if (compiled.channel !== "email") throw ValidationError.field("to", `a test send is for email templates; this one is for ${compiled.channel}`);
  let email: RenderedEmail;
  try {
    email = renderMessage(compiled, await previewFields(deps, workspaceId, input)) as RenderedEmail;
  } catch (err) {
    if (err instanceof TemplateError) throw ValidationError.field("contactId", `cannot render for this contact: ${err.message}`);
    throw err;
  }
  const messageId = deps.ids();
  const message: EmailMessage = {
    from: deps.config.mailFrom,
    to: input.to,
    subject: `[Test] ${email.subject}`,
    text: email.text,
    html: email.html,
    headers: { "X-Parcours-Test": id },
    messageId: `<${messageId}@parcours>`,
  };
  if (!deps.config.smtpUrl) {
    await insertMailboxMessage(deps.db, mailboxRow(deps, workspaceId, `test:${messageId}`, message));
    return { via: "mailbox", messageId };
  }
  const smtp = createSmtpSender(smtpOptions(deps, deps.config.smtpUrl));
  try {
    const outcome = await smtp.send(message);
    if (outcome.kind !== "delivered") throw ValidationError.field("to", `the SMTP server refused the test: ${outcome.error.message}`);
    return { via: "smtp", messageId };
  } finally {
    smtp.close();
  }
}
