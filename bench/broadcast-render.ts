import { buildRawEmail, linkSigningKey, withTextTemplate, type CompiledEmail, type EmailMessage } from "../src/channels/index.js";
import { listUnsubscribeHeaders, unsubscribeUrl } from "../src/consent/index.js";
import type { Deps } from "../src/deps.js";
import { trackEmailHtml } from "../src/messaging/index.js";
import type { RenderedEmail } from "../src/schemas/template.js";
import { compiledTemplate, renderMessage } from "../src/templates/index.js";
import { contactFields, createNewsletter, SENDER } from "./broadcast-email.js";
import { emit, note } from "./figures.js";
import { sampleRss } from "./rss.js";
import { perSecond } from "./stats.js";
import { openBenchRuntime } from "./target.js";

/** Rendered first and not counted: the first thousand renders run before the JIT has compiled the hot paths. */
const WARMUP = 1000;

/** One recipient's email as a broadcast makes it, minus the database reads. */
export type Recipient = (i: number) => Promise<EmailMessage>;

/**
 * What a broadcast does per recipient (src/broadcasts/delivery.ts, `prepare`): a message id, the
 * signed unsubscribe link, the template compiled once (MJML, and the text part made once from
 * it) merged with the contact's fields, every link of the HTML tracked with a signed token, and
 * the List-Unsubscribe headers.
 */
export async function newsletterRecipients(deps: Deps, workspaceId: string): Promise<Recipient> {
  const { templateId } = await createNewsletter(deps, workspaceId);
  const { compiled } = await compiledTemplate(deps, deps.db, workspaceId, templateId);
  if (compiled.channel !== "email") throw new Error("the newsletter is not an email template");
  const email: CompiledEmail = withTextTemplate(compiled.email);
  const key = await linkSigningKey(deps);
  const baseUrl = deps.config.baseUrl;
  const from = `"${SENDER.fromName}" <${SENDER.fromEmail}>`;
  return async (i) => {
    const contact = contactFields(i);
    const messageId = deps.ids();
    const unsubscribe = await unsubscribeUrl(deps, { workspaceId, contactId: contact.id, messageId }, baseUrl);
    const rendered = renderMessage({ channel: "email", email }, { contact, broadcast: { id: "bench", name: "Bench" }, event: {}, workflow: {}, unsubscribe_url: unsubscribe }) as RenderedEmail;
    const html = trackEmailHtml(key, baseUrl, rendered.html, { workspaceId, contactId: contact.id, messageId, templateId, campaignId: "bench" });
    return {
      from,
      replyTo: SENDER.replyTo,
      to: contact.email,
      subject: rendered.subject,
      text: rendered.text,
      html,
      headers: { ...listUnsubscribeHeaders(unsubscribe), "X-Parcours-Broadcast": "bench" },
      messageId: `<${messageId}@parcours>`,
    };
  };
}

/**
 * Render-only: `messages` personalised newsletters rendered in the bench process, nothing sent,
 * then the same again with each message also built into its raw bytes (buildRawEmail), which is
 * all an SMTP send adds before the transport. Peak RSS is sampled throughout.
 */
export async function measureRender(o: { postgresUrl: string; messages: number }): Promise<void> {
  const runtime = await openBenchRuntime("sqlite", o.postgresUrl);
  try {
    const recipient = await newsletterRecipients(runtime.deps, runtime.workspaceId);
    const sample = await recipient(0);
    note(`broadcast: render-only, ${o.messages} personalised newsletters (${Buffer.byteLength(sample.html)} bytes of HTML each)`);
    for (let i = 0; i < WARMUP; i++) buildRawEmail(await recipient(i), runtime.deps.clock.now());
    const rss = sampleRss();
    let cpu = process.cpuUsage();
    let t0 = performance.now();
    for (let i = 0; i < o.messages; i++) {
      await recipient(i);
      if (i % 500 === 0) rss.sample();
    }
    const renderMs = performance.now() - t0;
    const renderCpu = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    t0 = performance.now();
    let bytes = 0;
    for (let i = 0; i < o.messages; i++) {
      bytes += buildRawEmail(await recipient(i), runtime.deps.clock.now()).length;
      if (i % 500 === 0) rss.sample();
    }
    const buildMs = performance.now() - t0;
    const buildCpu = process.cpuUsage(cpu);
    const cpuMs = (c: NodeJS.CpuUsage) => Math.round((c.user + c.system) / 10 / o.messages) / 100;
    const peakRssMb = rss.stop();
    const params = { messages: o.messages, htmlBytes: Buffer.byteLength(sample.html), rawBytes: Math.round(bytes / o.messages) };
    emit({ scenario: "broadcast", metric: "render_per_s", value: perSecond(o.messages, renderMs), unit: "messages/s", params: { ...params, cpuMsPerMessage: cpuMs(renderCpu) } });
    emit({ scenario: "broadcast", metric: "render_build_per_s", value: perSecond(o.messages, buildMs), unit: "messages/s", params: { ...params, cpuMsPerMessage: cpuMs(buildCpu) } });
    emit({ scenario: "broadcast", metric: "render_peak_rss_mb", value: peakRssMb, unit: "MB", params });
  } finally {
    await runtime.close();
  }
}
