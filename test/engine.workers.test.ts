import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { withContactSession } from "../src/contacts/index.js";
import { createWorkflow, enrolContact, publishWorkflow } from "../src/engine/index.js";
import { openRuntime, type Runtime } from "../src/runtime.js";
import { WorkflowCreate } from "../src/schemas/workflow-api.js";
import { fromJson } from "../src/store/index.js";
import { bootstrapWorkspace } from "../src/workspaces/index.js";
import { testConfig } from "./support/harness.js";
import { startHttpSink, type HttpSink } from "./support/http-sink.js";
import { createScratchDatabase, startWorker, type ScratchDatabase, type WorkerProcess } from "./support/workers.js";

/** Issue 3 §5: 10,000 runs per test, each with a webhook call, shared by the workers in many batches. */
const N = 10_000;
/** Five steps: four actions (one a webhook, recorded twice: queued, then delivered), then the end. */
const STEPS = 5;
const HOOK = "hook";

const adminUrl = inject("postgresUrl");

const definition = (hookUrl: string) => ({
  version: 1,
  triggers: [{ type: "api" }],
  start: "tag-a",
  nodes: [
    { id: "tag-a", type: "action", action: { kind: "add_tag", tag: "a" }, next: "score" },
    { id: "score", type: "action", action: { kind: "change_score", delta: 1 }, next: HOOK },
    { id: HOOK, type: "action", action: { kind: "webhook", url: hookUrl }, next: "tag-b" },
    { id: "tag-b", type: "action", action: { kind: "add_tag", tag: "b" }, next: "end" },
    { id: "end", type: "end" },
  ],
});

describe.skipIf(!adminUrl)("parcours worker processes sharing one PostgreSQL database", () => {
  let scratch: ScratchDatabase;
  let runtime: Runtime;
  let workspaceId: string;
  /** Counts deliveries per webhook-id, and which run each webhook-id was for. */
  let sink: HttpSink;
  const workers = new Set<WorkerProcess>();
  /** Workers the test stopped or killed on purpose; any other that exits has crashed. */
  const ended = new Set<WorkerProcess>();

  beforeAll(async () => {
    scratch = await createScratchDatabase(adminUrl!);
    // System clock, and no engine in this process: only the worker processes advance runs.
    runtime = await openRuntime(testConfig("postgres", { databaseUrl: scratch.url }), { logTo: 2 });
    workspaceId = (await bootstrapWorkspace(runtime.deps))!.workspace.id;
    sink = await startHttpSink();
  });

  afterAll(async () => {
    await Promise.all([...workers].map((w) => w.kill()));
    await runtime?.close();
    await scratch?.drop();
    await sink?.close();
  });

  const spawnWorker = () => {
    const w = startWorker(scratch.url);
    workers.add(w);
    return w;
  };
  const stop = (w: WorkerProcess) => (ended.add(w), w.stop());
  const kill = (w: WorkerProcess) => (ended.add(w), w.kill());

  /** A published workflow with N contacts enrolled: N runs, each with a timer due now. */
  async function enrolBatch(name: string): Promise<string> {
    const deps = runtime.deps;
    const wf = await createWorkflow(deps, workspaceId, WorkflowCreate.parse({ name, definition: definition(`${sink.url}/${name}`) }));
    await publishWorkflow(deps, workspaceId, wf.id);
    const ids: string[] = [];
    for (let i = 0; i < N; i += 500) {
      const chunk = await withContactSession(deps, workspaceId, async (s) =>
        Array.from({ length: Math.min(500, N - i) }, (_, j) => s.create({ email: `${name}-${i + j}@workers.test` }, { channel: "api" }).id),
      );
      ids.push(...chunk);
    }
    const queue = [...ids];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
          const outcome = await enrolContact(deps, { workspaceId, workflowId: wf.id, contactId: id, trigger: { type: "api" } });
          expect(outcome.enrolled).toBe(true);
        }
      }),
    );
    return wf.id;
  }

  async function statusCounts(workflowId: string): Promise<Record<string, number>> {
    const rows = await runtime.deps.db
      .selectFrom("workflow_runs")
      .select(["status", (eb) => eb.fn.countAll().as("n")])
      .where("workflow_id", "=", workflowId)
      .groupBy("status")
      .execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  /** Runs by status, and how many timers some worker holds right now (claimed, lease not run out). */
  interface Snapshot {
    runs: Record<string, number>;
    leased: number;
  }
  async function snapshot(workflowId: string): Promise<Snapshot> {
    const leased = await runtime.deps.db
      .selectFrom("timers")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("lease_until", ">", runtime.deps.clock.now())
      .executeTakeFirstOrThrow();
    return { runs: await statusCounts(workflowId), leased: Number(leased.n) };
  }

  /** Polls every `everyMs` until `done` holds; fails with the last counts and the workers' logs. */
  async function waitFor(workflowId: string, done: (s: Snapshot) => boolean, everyMs: number, boundMs = 90_000): Promise<Snapshot> {
    const started = performance.now();
    for (;;) {
      const snap = await snapshot(workflowId);
      if (done(snap)) return snap;
      const crashed = [...workers].filter((w) => w.exited() && !ended.has(w));
      if (crashed.length > 0) throw new Error(`a worker exited on its own:\n${crashed.map((w) => w.output()).join("\n")}`);
      if (performance.now() - started > boundMs) {
        throw new Error(`condition still unmet after ${boundMs} ms: ${JSON.stringify(snap)}\n${[...workers].map((w) => w.output()).join("\n")}`);
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }
  const allEnded = ({ runs }: Snapshot) => !runs.running && !runs.waiting;

  /** Every run completed, every step recorded once, every effect on the contact applied once. */
  async function expectExactlyOnce(workflowId: string): Promise<void> {
    const db = runtime.deps.db;
    expect(await statusCounts(workflowId)).toEqual({ completed: N });
    const runContacts = db.selectFrom("workflow_runs").select("contact_id").where("workflow_id", "=", workflowId);

    const steps = await db
      .selectFrom("run_steps")
      .innerJoin("workflow_runs", "workflow_runs.id", "run_steps.run_id")
      .select(["run_steps.run_id", "run_steps.node_id", (eb) => eb.fn.countAll().as("n")])
      .where("workflow_runs.workflow_id", "=", workflowId)
      .groupBy(["run_steps.run_id", "run_steps.node_id"])
      .execute();
    const perRun = new Map<string, string[]>();
    for (const s of steps) {
      expect(Number(s.n), `step ${s.node_id} of run ${s.run_id}`).toBe(s.node_id === HOOK ? 2 : 1);
      perRun.set(s.run_id, [...(perRun.get(s.run_id) ?? []), s.node_id]);
    }
    expect(perRun.size).toBe(N);
    for (const nodes of perRun.values()) expect(nodes).toHaveLength(STEPS);

    const scores = await db.selectFrom("contacts").select(["score", (eb) => eb.fn.countAll().as("n")]).where("id", "in", runContacts).groupBy("score").execute();
    expect(scores.map((r) => [Number(r.score), Number(r.n)])).toEqual([[1, N]]);

    const tags = await db.selectFrom("contact_tags").select(["contact_id", "tag"]).where("contact_id", "in", runContacts).execute();
    const tagsOf = new Map<string, string[]>();
    for (const t of tags) tagsOf.set(t.contact_id, [...(tagsOf.get(t.contact_id) ?? []), t.tag].sort());
    expect(tagsOf.size).toBe(N);
    for (const [id, list] of tagsOf) expect(list, `tags of ${id}`).toEqual(["a", "b"]);

    const events = await db
      .selectFrom("events")
      .select(["contact_id", "name", "properties"])
      .where("contact_id", "in", runContacts)
      .where("name", "in", ["tag.added", "score.changed"])
      .execute();
    const eventsOf = new Map<string, string[]>();
    for (const e of events) {
      const label = e.name === "tag.added" ? `tag.added:${fromJson<{ tag: string }>(e.properties).tag}` : e.name!;
      eventsOf.set(e.contact_id, [...(eventsOf.get(e.contact_id) ?? []), label].sort());
    }
    expect(eventsOf.size).toBe(N);
    for (const [id, list] of eventsOf) expect(list, `events of ${id}`).toEqual(["score.changed", "tag.added:a", "tag.added:b"]);

    const outbox = await db.selectFrom("outbox").select(["status", (eb) => eb.fn.countAll().as("n")]).where("run_id", "in", db.selectFrom("workflow_runs").select("id").where("workflow_id", "=", workflowId)).groupBy("status").execute();
    expect(outbox.map((r) => [r.status, Number(r.n)])).toEqual([["delivered", N]]);
  }

  /** Every run's webhook arrived; returns how many times each webhook-id was received. */
  async function expectEveryWebhook(name: string, workflowId: string): Promise<Map<string, number>> {
    const perId = new Map<string, number>();
    const runsSeen = new Set<string>();
    for (const r of sink.requests.filter((x) => x.path === `/${name}`)) {
      const id = String(r.headers["webhook-id"]);
      perId.set(id, (perId.get(id) ?? 0) + 1);
      runsSeen.add(JSON.parse(r.body).data.run.id);
    }
    const runs = await runtime.deps.db.selectFrom("workflow_runs").select("id").where("workflow_id", "=", workflowId).execute();
    expect(runs.filter((r) => !runsSeen.has(r.id)), "runs whose webhook never arrived").toEqual([]);
    expect(perId.size).toBe(N);
    return perId;
  }

  it("three workers advance every run exactly once", async () => {
    const workflowId = await enrolBatch("three");
    const three = [spawnWorker(), spawnWorker(), spawnWorker()];
    await waitFor(workflowId, allEnded, 200);
    await Promise.all(three.map(stop));
    for (const w of three) expect(w.child.exitCode, w.output()).toBe(0);
    await expectExactlyOnce(workflowId);
    const perId = await expectEveryWebhook("three", workflowId);
    expect([...perId].filter(([, n]) => n > 1), "webhook-ids delivered more than once").toEqual([]);
  }, 150_000);

  it("a worker killed with SIGKILL mid-way loses nothing", async () => {
    const workflowId = await enrolBatch("killed");
    const [victim, survivor] = [spawnWorker(), spawnWorker()];
    // A worker claims at most 100 timers a round and holds none between rounds, so more than 100
    // leased at once means both workers are mid-batch: killing one then strands its claims.
    // Waiting for a first completed run as well makes the kill land part-way through.
    const atKill = await waitFor(workflowId, ({ runs, leased }) => (runs.completed ?? 0) > 0 && leased > 100, 5);
    await kill(victim);
    expect(atKill.runs.completed ?? 0, "some runs were still unfinished when the worker was killed").toBeLessThan(N);
    const restarted = spawnWorker();
    // The killed worker's claims come back when their 30 s lease runs out.
    await waitFor(workflowId, allEnded, 200);
    await Promise.all([stop(survivor), stop(restarted)]);
    await expectExactlyOnce(workflowId);
    // At least once: a worker killed between a webhook's answer and its commit leaves it to be
    // sent again under the same webhook-id (src/engine/README.md). Recorded, not asserted.
    const perId = await expectEveryWebhook("killed", workflowId);
    const resent = [...perId.values()].filter((n) => n > 1).length;
    console.info(`SIGKILL test: ${resent} of ${N} webhook-ids were received more than once`);
  }, 150_000);
});
