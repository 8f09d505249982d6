// A child process that is both ends of trigger-to-inbox: it sends /v1/track calls and runs the
// SMTP server the triggered emails arrive at, so both times come from one clock (performance.now).
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { SMTPServer } from "smtp-server";
import { Pool } from "undici";
import type { InboxResult, InboxSpec } from "./inbox-spec.js";

let accepted = new Float64Array(0);
let prefix = "";

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onData(stream, session, callback) {
    stream.on("end", () => {
      // Matched by recipient: `<prefix>-<i>@…` is the contact of call i.
      const to = session.envelope.rcptTo[0]?.address ?? "";
      const i = to.startsWith(`${prefix}-`) ? Number.parseInt(to.slice(prefix.length + 1), 10) : Number.NaN;
      if (i >= 0 && i < accepted.length && Number.isNaN(accepted[i]!)) accepted[i] = performance.now();
      callback();
    });
    stream.resume();
  },
});

smtp.listen(0, "127.0.0.1", () => process.send!({ kind: "listening", port: (smtp.server.address() as AddressInfo).port }));

process.once("message", (spec: InboxSpec) => {
  run(spec).then(
    (result) => process.send!({ kind: "result", result }, () => smtp.close(() => process.exit(0))),
    (err: unknown) => {
      process.stderr.write(`inbox process failed: ${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
});

async function run(spec: InboxSpec): Promise<InboxResult> {
  prefix = spec.prefix;
  const total = spec.warmupCalls + spec.calls;
  accepted = new Float64Array(total).fill(Number.NaN);
  const answered = new Float64Array(total).fill(Number.NaN);
  const callMs = new Float64Array(total).fill(Number.NaN);
  const pool = new Pool(spec.origin, { connections: spec.concurrency, pipelining: 1 });
  const headers = { "content-type": "application/json", authorization: spec.authorization };
  const result = { okCalls: 0, failedCalls: 0, firstFailure: null as string | null };
  let next = 0;
  const started = performance.now();
  // Open loop: call i starts at its time on the schedule, whatever the answers before it took.
  const client = async (): Promise<void> => {
    while (next < total) {
      const i = next++;
      const due = started + (i * 1000) / spec.ratePerS;
      if (due > performance.now()) await new Promise((resolve) => setTimeout(resolve, due - performance.now()));
      const body = JSON.stringify({ userId: `${spec.prefix}-${i}`, event: spec.event, properties: { i }, messageId: `${spec.prefix}-call-${i}`, timestamp: new Date().toISOString() });
      const t0 = performance.now();
      let status = 0;
      let text = "";
      try {
        const res = await pool.request({ path: "/v1/track", method: "POST", headers, body });
        status = res.statusCode;
        text = await res.body.text();
      } catch (err) {
        text = (err as Error).message;
      }
      const t1 = performance.now();
      if (status >= 200 && status < 300) {
        answered[i] = t1;
        callMs[i] = t1 - t0;
        if (i >= spec.warmupCalls) result.okCalls++;
      } else if (i >= spec.warmupCalls) {
        result.failedCalls++;
        result.firstFailure ??= `${status} ${text.slice(0, 300)}`;
      }
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, client));
  const elapsedMs = performance.now() - started;
  await pool.close();
  // Then wait for the last emails: every answered call's, or give up.
  const giveUpAt = performance.now() + spec.waitMs;
  const missing = () => answered.some((t, i) => !Number.isNaN(t) && Number.isNaN(accepted[i]!));
  while (missing() && performance.now() < giveUpAt) await new Promise((resolve) => setTimeout(resolve, 20));
  return { ...result, elapsedMs, answered, accepted, callMs };
}
