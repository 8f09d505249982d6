import { measureBroadcast } from "./broadcast-send.js";
import { measureInbox } from "./broadcast-inbox.js";
import { measureRender, newsletterRecipients } from "./broadcast-render.js";
import { measureTransport } from "./broadcast-transport.js";
import { note } from "./figures.js";
import { findSmtpSink, startSmtpSink } from "./smtp-sink.js";
import { openBenchRuntime, type DialectName } from "./target.js";

export interface BroadcastOptions {
  postgresUrl: string;
  dialects: DialectName[];
  /** Contacts the end-to-end broadcast goes to. */
  recipients: number;
  /** Messages rendered for the render-only figures. */
  renderMessages: number;
  /** Messages sent for each transport-ceiling figure. */
  transportMessages: number;
  /** /v1/track calls per second, and for how long, for trigger to inbox. */
  inboxRate: number;
  inboxSeconds: number;
}

/**
 * Issue 5 §7: personalised email at volume. Per dialect the end-to-end broadcast and trigger to
 * inbox, then render-only and the transport ceiling once (they do not touch the database's
 * dialect). Needs Postfix's smtp-sink; without it the scenario is skipped, saying so.
 */
export async function runBroadcast(o: BroadcastOptions): Promise<void> {
  const binary = findSmtpSink();
  if (!binary) {
    note("broadcast: skipped, smtp-sink not found (install it with: apt-get install -y postfix)");
    return;
  }
  const sink = await startSmtpSink(binary);
  try {
    // The end-to-end broadcast first: its peak RSS should not include what the other phases left
    // on the heap (V8 seldom gives memory back).
    for (const dialect of o.dialects) {
      await measureBroadcast(sink, { postgresUrl: o.postgresUrl, dialect, recipients: o.recipients });
      await measureInbox({ postgresUrl: o.postgresUrl, dialect, rate: o.inboxRate, seconds: o.inboxSeconds });
    }
    await measureRender({ postgresUrl: o.postgresUrl, messages: o.renderMessages });
    const runtime = await openBenchRuntime("sqlite", o.postgresUrl);
    try {
      await measureTransport(sink, await newsletterRecipients(runtime.deps, runtime.workspaceId), o.transportMessages);
    } finally {
      await runtime.close();
    }
  } finally {
    await sink.close();
  }
}
