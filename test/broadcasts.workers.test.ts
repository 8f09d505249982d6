import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { broadcastStats, createBroadcast, readBroadcast, sendBroadcast } from "../src/broadcasts/index.js";
import { withContactSession } from "../src/contacts/index.js";
import { addListMembers, createList } from "../src/lists/index.js";
import { openRuntime, type Runtime } from "../src/runtime.js";
import { createTemplate } from "../src/templates/index.js";
import { bootstrapWorkspace } from "../src/workspaces/index.js";
import { testConfig } from "./support/harness.js";
import { recipientOf, startSmtpSink, type SmtpSink } from "./support/smtp-sink.js";
import { createScratchDatabase, startWorker, type ScratchDatabase, type WorkerProcess } from "./support/workers.js";

/** Recipients: several batches for each of the workers. */
const N = 3000;

const adminUrl = inject("postgresUrl");

describe.skipIf(!adminUrl)("a broadcast shared by parcours worker processes on one PostgreSQL database", () => {
  let scratch: ScratchDatabase;
  let runtime: Runtime;
  let workspaceId: string;
  let smtp: SmtpSink;
  const workers = new Set<WorkerProcess>();

  beforeAll(async () => {
    scratch = await createScratchDatabase(adminUrl!);
    // System clock, and no engine in this process: only the worker processes send.
    runtime = await openRuntime(testConfig("postgres", { databaseUrl: scratch.url }), { logTo: 2 });
    workspaceId = (await bootstrapWorkspace(runtime.deps))!.workspace.id;
    smtp = await startSmtpSink();
  });

  afterAll(async () => {
    await Promise.all([...workers].map((w) => w.kill()));
    await runtime?.close();
    await scratch?.drop();
    await smtp?.close();
  });

  it("sends each recipient exactly one message while three workers share it and one stops midway", async () => {
    const deps = runtime.deps;
    const list = await createList(deps, workspaceId, { name: "Shared" });
    for (let i = 0; i < N; i += 500) {
      const ids = await withContactSession(deps, workspaceId, async (s) => Array.from({ length: Math.min(500, N - i) }, (_, j) => s.create({ email: `w${i + j}@workers.test` }, { channel: "api" }).id));
      await addListMembers(deps, workspaceId, list.id, ids);
    }
    const template = await createTemplate(deps, workspaceId, { name: "Shared", channel: "email", content: { subject: "Shared", format: "html", body: "<p>Hi {{ contact.email }}</p>" } });
    const b = await createBroadcast(deps, workspaceId, { name: "Shared", templateId: template.id, audience: { listId: list.id }, category: "marketing" });

    // The worker processes take SMTP_URL from the environment they inherit.
    process.env.SMTP_URL = smtp.url;
    const three = [startWorker(scratch.url), startWorker(scratch.url), startWorker(scratch.url)];
    delete process.env.SMTP_URL;
    for (const w of three) workers.add(w);
    await sendBroadcast(deps, workspaceId, b.id);

    const started = performance.now();
    let stopped = false;
    for (;;) {
      const current = await readBroadcast(deps, workspaceId, b.id);
      if (current.status === "sent") break;
      if (!stopped && smtp.received.length >= N / 3) {
        // A graceful stop finishes and records the batch in hand.
        stopped = true;
        await three[0]!.stop();
      }
      if (performance.now() - started > 50_000) throw new Error(`still ${current.status} after 50 s, ${smtp.received.length} received\n${three.map((w) => w.output()).join("\n")}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(stopped).toBe(true);
    const perAddress = new Map<string, number>();
    for (const m of smtp.received) {
      const to = recipientOf(m);
      perAddress.set(to, (perAddress.get(to) ?? 0) + 1);
    }
    expect(perAddress.size).toBe(N);
    expect([...perAddress.values()].filter((n) => n !== 1)).toEqual([]);
    const stats = await broadcastStats(deps, workspaceId, b.id);
    expect(stats.totals).toMatchObject({ recipients: N, sent: N, queued: 0, failed: 0 });
    const events = await deps.db.selectFrom("events").select((eb) => eb.fn.countAll().as("n")).where("workspace_id", "=", workspaceId).where("name", "=", "email.sent").executeTakeFirstOrThrow();
    expect(Number(events.n)).toBe(N);
  }, 90_000);
});
