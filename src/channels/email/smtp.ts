import nodemailer from "nodemailer";
import type { Deps } from "../../deps.js";
import type { SendOutcome } from "../outcome.js";
import type { EmailMessage } from "./message.js";
import { buildRawEmail, emailEnvelope } from "./raw-message.js";

export type { EmailMessage } from "./message.js";

export interface SmtpSender {
  send(message: EmailMessage): Promise<SendOutcome>;
  close(): void;
}

export interface SmtpOptions {
  /** `smtp://user:pass@host:587` or `smtps://…`. */
  url: string;
  /** The Date header's time, epoch ms (the deps' clock). */
  now: () => number;
  /** Connections kept open to the server, default 5. */
  poolSize?: number;
  /** Messages sent over one connection before it is replaced, default 100 (nodemailer's; many servers cap it). */
  maxMessagesPerConnection?: number;
}

/** The sender's settings from the install's configuration (SMTP_POOL_SIZE, SMTP_MAX_MESSAGES) and clock. */
export function smtpOptions(deps: Pick<Deps, "config" | "clock">, url: string): SmtpOptions {
  return { url, now: () => deps.clock.now(), poolSize: deps.config.smtpPoolSize, maxMessagesPerConnection: deps.config.smtpMaxMessages };
}

/**
 * Sends through an SMTP server over pooled connections. Each message is built here, in one pass
 * (buildRawEmail), and handed to nodemailer as raw bytes with its envelope: nodemailer's own MIME
 * composer costs several times more per message than the sending itself.
 */
export function createSmtpSender(options: SmtpOptions): SmtpSender {
  const transport = nodemailer.createTransport({ url: options.url, pool: true, maxConnections: options.poolSize ?? 5, maxMessages: options.maxMessagesPerConnection ?? 100 });
  return {
    async send(m) {
      const started = performance.now();
      try {
        // messageId too: nodemailer would otherwise draw a random one for its own bookkeeping.
        const info = await transport.sendMail({ envelope: emailEnvelope(m), raw: buildRawEmail(m, options.now()), messageId: m.messageId });
        return { kind: "delivered", response: { durationMs: Math.round(performance.now() - started), via: "smtp", excerpt: String(info.response ?? "").slice(0, 200) } };
      } catch (err) {
        const e = err as Error & { responseCode?: number; code?: string };
        const error = { name: "SmtpError", message: [e.code, e.message].filter(Boolean).join(": "), ...(e.responseCode ? { status: e.responseCode } : {}) };
        // 5xx replies are permanent (no such mailbox, rejected); 4xx and lost connections are not.
        return e.responseCode !== undefined && e.responseCode >= 500 ? { kind: "failed", error } : { kind: "retry", error };
      }
    },
    close: () => transport.close(),
  };
}
