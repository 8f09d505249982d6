import nodemailer from "nodemailer";
import { buildRawEmail, createSmtpSender, emailEnvelope, type EmailMessage } from "../src/channels/index.js";
import { emit, note } from "./figures.js";
import type { Recipient } from "./broadcast-render.js";
import type { SmtpSinkProcess } from "./smtp-sink.js";
import { perSecond } from "./stats.js";

/** Sends handed to the pool before waiting for one to finish, as a broadcast batch does. */
const IN_FLIGHT = 128;
/** Sent first on each transport and not counted: the pool opens its connections, the JIT warms up. */
const WARMUP = 500;
/** Parcours' defaults (SMTP_POOL_SIZE, SMTP_MAX_MESSAGES), which are nodemailer's. */
const POOL = { maxConnections: 5, maxMessages: 100 };

/**
 * The transport ceiling: `messages` sends into smtp-sink through nodemailer's pool, three ways.
 * `raw`: one message built beforehand, sent again and again (only the envelope changes): what
 * the transport alone can do. `composer`: nodemailer's MIME composer builds each message from its
 * fields, as Parcours did before. `build`: Parcours' sender (createSmtpSender), which builds each
 * message with buildRawEmail, every one with its own recipient and unsubscribe header. Each
 * figure checks that the sink counted every message.
 */
export async function measureTransport(sink: SmtpSinkProcess, recipient: Recipient, messages: number): Promise<void> {
  const template = await recipient(0);
  const raw = buildRawEmail(template, Date.now());
  const personalised = (i: number): EmailMessage => ({
    ...template,
    to: `r-${i}@bench.example`,
    headers: { ...template.headers, "List-Unsubscribe": `<http://localhost:3000/u/bench-${i}>` },
    messageId: `<bench-${i}@parcours>`,
  });
  const transport = () => nodemailer.createTransport({ url: sink.url, pool: true, ...POOL });

  const rawPool = transport();
  await measure(sink, "transport_raw_per_s", messages, (i) =>
    rawPool.sendMail({ envelope: { from: emailEnvelope(template).from, to: [`r-${i}@bench.example`] }, raw, messageId: `<bench-${i}@parcours>` }),
  ).finally(() => rawPool.close());

  const composerPool = transport();
  await measure(sink, "transport_composer_per_s", messages, (i) => {
    const m = personalised(i);
    return composerPool.sendMail({ from: m.from, ...(m.replyTo ? { replyTo: m.replyTo } : {}), to: m.to, subject: m.subject, text: m.text, html: m.html, headers: m.headers, messageId: m.messageId });
  }).finally(() => composerPool.close());

  const sender = createSmtpSender({ url: sink.url, now: () => Date.now(), poolSize: POOL.maxConnections, maxMessagesPerConnection: POOL.maxMessages });
  await measure(sink, "transport_build_per_s", messages, async (i) => {
    const outcome = await sender.send(personalised(i));
    if (outcome.kind !== "delivered") throw new Error(`smtp-sink refused a message: ${outcome.error.message}`);
  }).finally(() => sender.close());
}

async function measure(sink: SmtpSinkProcess, metric: string, messages: number, send: (i: number) => Promise<unknown>): Promise<void> {
  note(`broadcast: ${metric.replace(/_per_s$/, "")}, ${messages} messages into smtp-sink`);
  const start = sink.received();
  await sendAll(WARMUP, send);
  const before = await sink.waitFor(start + WARMUP, 5000);
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  await sendAll(messages, send);
  const ms = performance.now() - t0;
  const { user, system } = process.cpuUsage(cpu);
  const received = (await sink.waitFor(before + messages, 5000)) - before;
  emit({ scenario: "broadcast", metric, value: perSecond(messages, ms), unit: "messages/s", params: { messages, received, matches: received === messages, ...POOL, inFlight: IN_FLIGHT, cpuMsPerMessage: Math.round((user + system) / 10 / messages) / 100 } });
}

/** Sends `count` messages, IN_FLIGHT at a time. */
async function sendAll(count: number, send: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < count) await send(next++);
    }),
  );
}
