import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

/** A real SMTP server on loopback that parses what it receives; `nobody@…` recipients are refused (550). */
export interface SmtpSink {
  url: string;
  received: ParsedMail[];
  /** Per message received: whether its session had switched to TLS, and who logged in. */
  sessions: { secure: boolean; user: string | undefined }[];
  close(): Promise<void>;
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
  return { url: `smtp://127.0.0.1:${port}`, received, sessions, close: () => new Promise<void>((resolve) => smtp.close(() => resolve())) };
}
