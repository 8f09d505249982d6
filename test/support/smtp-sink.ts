import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import type { Config } from "../../src/config.js";
import { startTestApp, type DialectName, type TestApp } from "./harness.js";

/** A real SMTP server on loopback that parses what it receives; `nobody@…` recipients are refused (550). */
export interface SmtpSink {
  url: string;
  received: ParsedMail[];
  /** Per message received: whether its session had switched to TLS, and who logged in. */
  sessions: { secure: boolean; user: string | undefined }[];
  /** The messages received for `address` (the To header), in arrival order. */
  to(address: string): ParsedMail[];
  close(): Promise<void>;
}

/** The To header of a received message, as text. */
export function recipientOf(mail: ParsedMail): string {
  return mail.to && "text" in mail.to ? mail.to.text : "";
}

export interface SmtpSinkOptions {
  /** Offer STARTTLS (smtp-server's built-in self-signed certificate) and require this login. */
  tlsWithLogin?: { user: string; pass: string };
  /** Answers 451 (try again later) to the recipients it names, while it returns true. */
  tempFail?: (address: string) => boolean;
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const received: ParsedMail[] = [];
  const sessions: SmtpSink["sessions"] = [];
  const login = options.tlsWithLogin;
  const smtp = new SMTPServer({
    ...(login
      ? {
          authMethods: ["PLAIN", "LOGIN"],
          onAuth(auth, _session, callback) {
            callback(auth.username === login.user && auth.password === login.pass ? null : new Error("bad login"), { user: auth.username });
          },
        }
      : { authOptional: true, disabledCommands: ["STARTTLS"] }),
    logger: false,
    onRcptTo(address, _session, callback) {
      if (options.tempFail?.(address.address)) return callback(Object.assign(new Error("mailbox busy, try again later"), { responseCode: 451 }));
      callback(address.address.startsWith("nobody@") ? Object.assign(new Error("no such mailbox"), { responseCode: 550 }) : null);
    },
    onData(stream, session, callback) {
      simpleParser(stream).then((mail) => {
        received.push(mail);
        sessions.push({ secure: session.secure, user: session.user as string | undefined });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  const to = (address: string) => received.filter((m) => recipientOf(m) === address);
  return { url: `smtp://127.0.0.1:${port}`, received, sessions, to, close: () => new Promise<void>((resolve) => smtp.close(() => resolve())) };
}

/**
 * A test app whose email goes to a fresh SMTP sink on loopback; closing the app closes the sink
 * too (after the app, whose pooled connections the sink would otherwise wait for).
 */
export async function startTestAppWithSmtp(dialect: DialectName, sinkOptions: SmtpSinkOptions = {}, overrides: Partial<Config> = {}): Promise<{ t: TestApp; smtp: SmtpSink }> {
  const smtp = await startSmtpSink(sinkOptions);
  const t = await startTestApp(dialect, { smtpUrl: smtp.url, ...overrides });
  const closeApp = t.close.bind(t);
  t.close = async () => {
    await closeApp();
    await smtp.close();
  };
  return { t, smtp };
}
