import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createEngine } from "../src/engine/index.js";
import { deleteTimer, selectRunForUpdate, updateRun } from "../src/store/index.js";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

const DAY = 24 * 3600 * 1000;

type Node = Record<string, unknown>;
const flow = (nodes: Node[], entry: Record<string, unknown> = {}) => ({ version: 1, triggers: [{ type: "api" }], entry, start: nodes[0]!.id, nodes });
const act = (id: string, action: Record<string, unknown>, next = "done"): Node => ({ id, type: "action", action, next });
const done: Node = { id: "done", type: "end" };
const always = { reEnrolment: { mode: "always" } };

describe.each(dialects)("workflow-to-workflow actions and round-robin owners on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  let names = 0;
  /** Creates and publishes a workflow; `definition` may be a function of its own id. */
  const publish = async (definition: unknown): Promise<string> => {
    const created = await t.request("POST", "/api/v1/workflows", { body: { name: `Workflow ${++names}`, definition } });
    expect(created.status).toBe(201);
    const published = await t.request("POST", `/api/v1/workflows/${created.body.id}/publish`);
    expect(published.status).toBe(200);
    return created.body.id;
  };
  const contact = async () => (await t.request("POST", "/api/v1/contacts", { body: {} })).body.id as string;
  const enrol = async (workflowId: string, contactId: string) => (await t.request("POST", `/api/v1/workflows/${workflowId}/enrol`, { body: { contactId } })).body;
  const advance = (ms: number) => t.request("POST", "/api/v1/test-clock/advance", { body: { ms } });
  const run = async (id: string) => (await t.request("GET", `/api/v1/runs/${id}`)).body;
  const runs = async (contactId: string) => (await t.request("GET", `/api/v1/contacts/${contactId}/runs`)).body.data;
  const timeline = async (contactId: string, name: string) =>
    (await t.request("GET", `/api/v1/contacts/${contactId}/timeline?kind=internal&name=${name}`)).body.data.map((e: { properties: unknown }) => e.properties);

  describe("enrol_workflow", () => {
    it("enrols the contact through the other workflow's entry rules, once per step, with the decision on the timeline", async () => {
      const target = await publish(flow([act("mark", { kind: "add_tag", tag: "in-target" }), done]));
      const source = await publish(flow([act("send", { kind: "enrol_workflow", workflowId: target }), done], always));
      const c = await contact();
      const first = await enrol(source, c);
      await advance(0);
      const sent = await run(first.runId);
      expect(sent.status).toBe("completed");
      expect(sent.steps[0].record.record).toEqual({ decision: `enrolment into "Workflow 1" requested`, reason: expect.stringContaining("entry rules decide") });
      const [targetRun] = (await runs(c)).filter((r: { workflowId: string }) => r.workflowId === target);
      expect(targetRun).toMatchObject({ status: "completed", trigger: { type: "workflow", workflowId: source, runId: first.runId, nodeId: "send", depth: 1 } });
      expect((await t.request("GET", `/api/v1/contacts/${c}`)).body.tags).toEqual(["in-target"]);

      // The source re-enrols; the target (re-enrolment never) refuses, and says so.
      await enrol(source, c);
      await advance(0);
      expect((await runs(c)).filter((r: { workflowId: string }) => r.workflowId === target)).toHaveLength(1);
      const refused = await timeline(c, "workflow.not_enrolled");
      expect(refused).toEqual([{ workflowId: target, reason: expect.stringContaining("does not re-enrol"), trigger: expect.objectContaining({ type: "workflow", workflowId: source }) }]);
    });

    it("stops two workflows that enrol each other after ten in a row", async () => {
      const ping = await publish(flow([act("to_pong", { kind: "add_tag", tag: "placeholder" }), done], always));
      const pong = await publish(flow([act("to_ping", { kind: "enrol_workflow", workflowId: ping }), done], always));
      await t.request("PATCH", `/api/v1/workflows/${ping}`, { body: { definition: flow([act("to_pong", { kind: "enrol_workflow", workflowId: pong }), done], always) } });
      await t.request("POST", `/api/v1/workflows/${ping}/publish`);
      const c = await contact();
      await enrol(ping, c);
      await advance(0);
      const all = await runs(c);
      expect(all).toHaveLength(11);
      expect(all.every((r: { status: string }) => r.status === "completed")).toBe(true);
      const last = await run(all[0].id);
      expect(last.trigger.depth).toBe(10);
      expect(last.steps[0].record.record).toEqual({ decision: expect.stringMatching(/^not enrolled into/), reason: expect.stringContaining("loop between workflows") });
    });

    it("refuses at publish a workflow enrolling into or removing from itself", async () => {
      const created = await t.request("POST", "/api/v1/workflows", { body: { name: "Self", definition: flow([done]) } });
      const id = created.body.id;
      await t.request("PATCH", `/api/v1/workflows/${id}`, { body: { definition: flow([act("in", { kind: "enrol_workflow", workflowId: id }, "out"), act("out", { kind: "remove_from_workflow", workflowId: id }), done]) } });
      const refused = await t.request("POST", `/api/v1/workflows/${id}/publish`);
      expect(refused.status).toBe(422);
      expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(["definition.nodes.0.action.workflowId", "definition.nodes.1.action.workflowId"]);
    });
  });

  describe("remove_from_workflow", () => {
    const nurture = () =>
      flow([{ id: "wait", type: "delay", wait: { kind: "duration", duration: { amount: 3, unit: "days" } }, next: "late" }, act("late", { kind: "add_tag", tag: "late" }), done], always);

    it("ends the contact's waiting run of the other workflow as exited, with why, its timer gone and the timeline told", async () => {
      const waiting = await publish(nurture());
      const remover = await publish(flow([act("stop", { kind: "remove_from_workflow", workflowId: waiting }), done], always));
      const c = await contact();
      const inside = await enrol(waiting, c);
      await advance(0);
      expect((await run(inside.runId)).status).toBe("waiting");
      const removing = await enrol(remover, c);
      await advance(0);

      const removed = await run(inside.runId);
      expect(removed).toMatchObject({ status: "exited", nodeId: null, resumesAt: null });
      expect(removed.steps.at(-1)).toMatchObject({
        nodeId: "wait",
        nodeType: "delay",
        outcome: "exited",
        record: { record: { decision: "removed from the workflow", reason: expect.stringContaining(`run ${removing.runId}, node stop`) }, removedBy: { workflowId: remover, runId: removing.runId, nodeId: "stop" } },
      });
      expect((await run(removing.runId)).steps[0].record.record).toEqual({ decision: `removed from "Workflow ${names - 1}"`, reason: "its active run ended" });
      expect(await timeline(c, "workflow.exited")).toEqual([expect.objectContaining({ workflowId: waiting, runId: inside.runId, nodeId: "wait", removedBy: expect.objectContaining({ runId: removing.runId }) })]);

      await advance(3 * DAY);
      expect((await t.request("GET", `/api/v1/contacts/${c}`)).body.tags).toEqual([]);
      expect((await run(inside.runId)).status).toBe("exited");
    });

    it("does nothing to a contact that is not in the other workflow", async () => {
      const other = await publish(nurture());
      const remover = await publish(flow([act("stop", { kind: "remove_from_workflow", workflowId: other }), done], always));
      const c = await contact();
      const removing = await enrol(remover, c);
      await advance(0);
      expect((await run(removing.runId)).steps[0].record.record).toEqual({ decision: expect.stringMatching(/^removed from/), reason: "the contact was not in it" });
    });

    it("wins over a run of the other workflow due at the same moment: that run never takes its step", async () => {
      const other = await publish(flow([act("tag", { kind: "add_tag", tag: "should-not" }), done], always));
      const remover = await publish(flow([act("stop", { kind: "remove_from_workflow", workflowId: other }), done], always));
      const c = await contact();
      const removing = await enrol(remover, c);
      // Both runs fall due before the engine looks; the remover's timer is due first, so it is claimed and advanced first.
      t.clock.set(t.clock.now() + 1);
      const inside = await enrol(other, c);
      await t.engine.runDue();
      expect((await run(removing.runId)).status).toBe("completed");
      const removed = await run(inside.runId);
      expect(removed.status).toBe("exited");
      expect(removed.steps.map((s: { nodeId: string; outcome: string }) => [s.nodeId, s.outcome])).toEqual([["tag", "exited"]]);
      expect((await t.request("GET", `/api/v1/contacts/${c}`)).body.tags).toEqual([]);
    });
    it.runIf(dialect === "postgres")("waits for a worker holding the other run, then leaves the run it ended alone", async () => {
      const other = await publish(nurture());
      const remover = await publish(flow([act("stop", { kind: "remove_from_workflow", workflowId: other }), done], always));
      const c = await contact();
      const inside = await enrol(other, c);
      await advance(0);
      const removing = await enrol(remover, c);

      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let locked!: (pid: number) => void;
      const holder = new Promise<number>((resolve) => (locked = resolve));
      // Plays a worker that holds the other run while it ends it.
      const worker = t.deps.db.transaction().execute(async (trx) => {
        await selectRunForUpdate(trx, t.deps.dialect, inside.runId);
        locked((await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)).rows[0]!.pid);
        await gate;
        await updateRun(trx, inside.runId, { status: "completed", node_id: null, updated_at: t.clock.now(), ended_at: t.clock.now() });
        await deleteTimer(trx, inside.runId);
      });
      const pid = await holder;
      const engine = t.engine.runDue();
      // The worker lets go only once the remover's step is blocked behind it.
      for (;;) {
        const blocked = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where ${pid}::int = any(pg_blocking_pids(pid))`.execute(t.deps.db);
        if (blocked.rows[0]!.n > 0) break;
      }
      release();
      await worker;
      await engine;
      expect((await run(inside.runId)).status).toBe("completed");
      expect((await run(removing.runId)).steps[0].record.record.reason).toBe("the contact was not in it");
    });
  });

  describe("round-robin owners", () => {
    it("spreads contacts evenly over the team in turn, skips a deleted user, and fails clearly when nobody is left", async () => {
      const team: string[] = [];
      for (const name of ["ann", "bob", "cat"]) team.push((await t.request("POST", "/api/v1/users", { body: { email: `${name}@sales.test`, name } })).body.id);
      const workflow = await publish(flow([act("assign", { kind: "assign_owner", owner: { roundRobin: team } }), done]));
      const assign = async () => {
        const c = await contact();
        const enrolled = await enrol(workflow, c);
        await t.engine.runDue();
        return { owner: (await t.request("GET", `/api/v1/contacts/${c}`)).body.ownerId as string | null, run: await run(enrolled.runId) };
      };

      const six = [];
      for (let i = 0; i < 6; i++) six.push(await assign());
      expect(six.map((a) => a.owner)).toEqual([...team, ...team]);
      expect(six[4]!.run.steps[0].record.record).toEqual({ decision: `owner ${team[1]}`, reason: "round-robin turn 5: user 2 of the 3 available" });

      expect((await t.request("DELETE", `/api/v1/users/${team[1]}`)).status).toBe(204);
      const two = [await assign(), await assign()];
      expect(two.map((a) => a.owner)).toEqual([team[0], team[2]]);
      expect(two[0]!.run.steps[0].record.record.reason).toContain(`skipped ${team[1]}`);

      for (const id of [team[0], team[2]]) await t.request("DELETE", `/api/v1/users/${id}`);
      const none = await assign();
      expect(none.owner).toBeNull();
      expect(none.run).toMatchObject({ status: "failed", error: { name: "NonRetriableError", message: expect.stringContaining("none of the round-robin users") } });
    });

    it("takes distinct turns when several workers assign at once", async () => {
      const team: string[] = [];
      for (const name of ["dan", "eve", "fay"]) team.push((await t.request("POST", "/api/v1/users", { body: { email: `${name}@sales.test`, name } })).body.id);
      const workflow = await publish(flow([act("assign", { kind: "assign_owner", owner: { roundRobin: team } }), done]));
      const contacts: string[] = [];
      for (let i = 0; i < 6; i++) {
        contacts.push(await contact());
        await enrol(workflow, contacts[i]!);
      }
      // Three engines claiming one run at a time advance the six runs concurrently (on PostgreSQL, in parallel transactions).
      const workers = [1, 2, 3].map(() => createEngine(t.deps, { batchSize: 1 }));
      await Promise.all(workers.map((w) => w.runDue()));
      const owners = await Promise.all(contacts.map(async (c) => (await t.request("GET", `/api/v1/contacts/${c}`)).body.ownerId));
      expect(team.map((u) => owners.filter((o) => o === u).length)).toEqual([2, 2, 2]);
    });
  });
});
