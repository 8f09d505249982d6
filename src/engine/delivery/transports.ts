import { createSmtpSender, smtpOptions, mailboxRow, sendSlack, sendSms, sendWebhook, type EmailMessage, type SendOutcome } from "../../channels/index.js";
import type { Deps } from "../../deps.js";
import type { EmailPayload, SlackPayload, SmsPayload, WebhookPayload } from "../../schemas/outbox.js";
import { insertMailboxMessage, type OutboxRow } from "../../store/index.js";
import { webhookSecretOf } from "../../workspaces/index.js";
import type { Delivered } from "./record.js";

/** One attempt's result; a successful one may carry work to commit with it. */
export type Attempt = Exclude<SendOutcome, { kind: "delivered" }> | ({ kind: "delivered" } & Delivered);

export interface Transports {
  /** `secrets` caches each workspace's signing secret for one batch (one read per workspace, not per webhook). */
  webhook(row: OutboxRow, payload: WebhookPayload, secrets: Map<string, Promise<string>>): Promise<Attempt>;
  email(row: OutboxRow, payload: EmailPayload): Promise<Attempt>;
  sms(row: OutboxRow, payload: SmsPayload): Promise<Attempt>;
  slack(row: OutboxRow, payload: SlackPayload): Promise<Attempt>;
  close(): void;
}

/**
 * Webhooks go out over HTTP, signed with the workspace's secret. Emails go to SMTP when
 * SMTP_URL is set; otherwise the local mailbox keeps them, in the same transaction that marks
 * the delivery done (so a mailbox message is stored exactly once).
 */
export function createTransports(deps: Deps, timeoutMs: number): Transports {
  const smtp = deps.config.smtpUrl ? createSmtpSender(smtpOptions(deps, deps.config.smtpUrl)) : undefined;
  return {
    async webhook(row, p, secrets) {
      let pending = secrets.get(row.workspace_id);
      if (!pending) secrets.set(row.workspace_id, (pending = webhookSecretOf(deps, row.workspace_id).then((s) => s.secret)));
      const secret = await pending;
      return sendWebhook({ url: p.url, headers: p.headers, body: p.body, id: row.id, secret, now: deps.clock.now(), timeoutMs });
    },
    async email(row, p) {
      const message: EmailMessage = {
        from: p.from ?? deps.config.mailFrom,
        ...(p.replyTo ? { replyTo: p.replyTo } : {}),
        to: p.to,
        subject: p.subject,
        text: p.text,
        html: p.html,
        headers: { ...p.headers, "X-Parcours-Delivery": row.idempotency_key },
        messageId: `<${row.id}@parcours>`,
      };
      if (smtp) return smtp.send(message);
      const commit: Delivered["commit"] = (db) => insertMailboxMessage(db, mailboxRow(deps, row.workspace_id, row.idempotency_key, message));
      return { kind: "delivered", response: { durationMs: 0, via: "mailbox" }, commit };
    },
    async sms(_row, p) {
      if (!deps.config.sms) return { kind: "failed", error: { name: "SmsNotConfigured", message: "SMS is not configured: set SMS_ACCOUNT_SID, SMS_AUTH_TOKEN and SMS_FROM (and SMS_API_URL for a provider other than Twilio)" } };
      return sendSms(deps.config.sms, { to: p.to, body: p.body, now: deps.clock.now(), timeoutMs });
    },
    slack: (_row, p) => sendSlack({ url: p.url, text: p.text, now: deps.clock.now(), timeoutMs }),
    close: () => smtp?.close(),
  };
}

const nowhere = async (): Promise<Attempt> => ({ kind: "delivered", response: { durationMs: 0, via: "nowhere (simulation)" } });

/** Transports that send nothing: every delivery counts as done at once (the simulator's). */
export const simulatedTransports: Transports = { webhook: nowhere, email: nowhere, sms: nowhere, slack: nowhere, close: () => {} };
