import nodemailer from "nodemailer";
import type { SendOutcome } from "../outcome.js";

/** A rendered email, ready to hand to a transport. */
export interface EmailMessage {
  from: string;
  replyTo?: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  /** RFC 5322 Message-ID, derived from the delivery so a resend carries the same one. */
  messageId: string;
}

export interface SmtpSender {
  send(message: EmailMessage): Promise<SendOutcome>;
  close(): void;
}

/** Sends through the SMTP server at `url` (`smtp://user:pass@host:587`, `smtps://…`) over pooled connections. */
export function createSmtpSender(url: string): SmtpSender {
  const transport = nodemailer.createTransport({ url, pool: true, maxConnections: 5 });
  return {
    async send(m) {
      const started = performance.now();
      try {
        const info = await transport.sendMail({ from: m.from, ...(m.replyTo ? { replyTo: m.replyTo } : {}), to: m.to, subject: m.subject, text: m.text, html: m.html, headers: m.headers, messageId: m.messageId });
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
