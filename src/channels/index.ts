export { type MergeFields, TemplateError, renderStrings, renderTemplate, stringsIn, templateProblem } from "./templates/liquid.js";
export { textToHtml } from "./templates/text-to-html.js";
export { createWebhookSecret, signWebhook } from "./webhook/sign.js";
export { classifyResponse, parseRetryAfter, type ResponseClass } from "./webhook/classify.js";
export { sendWebhook, type WebhookAttempt } from "./webhook/send.js";
export { createSmtpSender, type EmailMessage, type SmtpSender } from "./email/smtp.js";
export type { AttemptError, SendOutcome } from "./outcome.js";
export { signToken, verifyToken } from "./links/signed-token.js";
export { linkSigningKey } from "./links/signing-key.js";
