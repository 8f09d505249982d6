import path from "node:path";
import { z } from "zod";

/** Everything Parcours reads from the environment, parsed once. The only reader of `process.env`. */
export interface Config {
  /** HTTP port, default 3000. */
  port: number;
  /** Bind address, default 0.0.0.0. */
  host: string;
  /** Folder of the SQLite database, default `./data`. */
  dataDir: string;
  /** `postgres://…` switches storage to PostgreSQL; unset means SQLite in `dataDir`. */
  databaseUrl: string | undefined;
  /** Public URL used in links (tracking, unsubscribe, docs), default `http://localhost:<port>`. */
  baseUrl: string;
  /** pino level, default `info`. */
  logLevel: string;
  /** `system` (wall clock) or `manual` (test clock moved through the admin API). */
  clock: "system" | "manual";
  /** Largest accepted request body, bytes, default 5 MiB. */
  bodyLimit: number;
  /** `smtp://user:pass@host:587` or `smtps://…`: emails go out through it; unset keeps them in the local mailbox. */
  smtpUrl: string | undefined;
  /** SMTP connections kept open at once, default 5. */
  smtpPoolSize: number;
  /** Messages sent over one SMTP connection before it is replaced by a new one, default 100. */
  smtpMaxMessages: number;
  /** Sender of the emails Parcours sends, default `Parcours <parcours@localhost>`. */
  mailFrom: string;
  /** A Twilio-compatible SMS API; unset, SMS steps fail saying SMS is not configured. */
  sms: { baseUrl: string; accountSid: string; authToken: string; from: string } | undefined;
  /**
   * scrypt work factors for new password hashes (N = 2^cost); unset uses the default of
   * src/users/password.ts (cost 15, r 8, p 3). Not read from the environment: tests lower it.
   */
  scrypt?: { cost: number; blockSize: number; parallelization: number } | undefined;
}

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  PARCOURS_DATA_DIR: z.string().default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres://")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  PARCOURS_BASE_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  PARCOURS_CLOCK: z.enum(["system", "manual"]).default("system"),
  PARCOURS_BODY_LIMIT: z.coerce.number().int().positive().default(5 * 1024 * 1024),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must start with smtp:// or smtps://")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  SMTP_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(5),
  SMTP_MAX_MESSAGES: z.coerce.number().int().min(1).default(100),
  MAIL_FROM: z.string().min(3).default("Parcours <parcours@localhost>"),
  SMS_API_URL: z.string().url().default("https://api.twilio.com"),
  SMS_ACCOUNT_SID: z.string().min(1).optional(),
  SMS_AUTH_TOKEN: z.string().min(1).optional(),
  SMS_FROM: z.string().min(1).optional(),
});

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`invalid configuration: ${lines.join("; ")}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.PARCOURS_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    baseUrl: (e.PARCOURS_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ""),
    logLevel: e.LOG_LEVEL,
    clock: e.PARCOURS_CLOCK,
    bodyLimit: e.PARCOURS_BODY_LIMIT,
    smtpUrl: e.SMTP_URL,
    smtpPoolSize: e.SMTP_POOL_SIZE,
    smtpMaxMessages: e.SMTP_MAX_MESSAGES,
    mailFrom: e.MAIL_FROM,
    sms:
      e.SMS_ACCOUNT_SID && e.SMS_AUTH_TOKEN && e.SMS_FROM
        ? { baseUrl: e.SMS_API_URL, accountSid: e.SMS_ACCOUNT_SID, authToken: e.SMS_AUTH_TOKEN, from: e.SMS_FROM }
        : undefined,
  };
}
