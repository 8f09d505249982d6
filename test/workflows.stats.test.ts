import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionHandlers } from "../src/engine/actions/index.js";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

const DAY = 24 * 3600 * 1000;

/** VIPs end at once; the others wait two days, get a tag and end. */
const definition = {
  version: 1,
  triggers: [{ type: "api" }],
  start: "is_vip",
  nodes: [
    { id: "is_vip", type: "condition", rule: { type: "tag", op: "has", tag: "vip" }, yes: "vip_done", no: "wait" },
    { id: "vip_done", type: "end" },
    { id: "wait", type: "delay", label: "Two days", wait: { kind: "duration", duration: { amount: 2, unit: "days" } }, next: "follow_up" },
    { id: "follow_up", type: "action", action: { kind: "add_tag", tag: "followed-up" }, next: "done" },
    { id: "done", type: "end" },
  ],
};

describe.each(dialects)("per-node counts on %s", (dialect) => {
  let t: TestApp;
  let workflowId: string;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    workflowId = (await t.request("POST", "/api/v1/workflows", { body: { name: "Follow-up", definition } })).body.id;
    await t.request("POST", `/api/v1/workflows/${workflowId}/publish`);
  });
  afterAll(async () => t?.close());

  const stats = async () => {
    const res = await t.request("GET", `/api/v1/workflows/${workflowId}/versions/1/stats`);
    expect(res.status).toBe(200);
    return res.body;
  };
  /** Each node as [id, entered steps, entered runs, running, waiting, completed, exited]. */
  const table = (body: { nodes: Record<string, any>[] }) => body.nodes.map((n) => [n.nodeId, n.entered.steps, n.entered.runs, n.running, n.waiting, n.completed, n.exited]);

  it("counts every node before and after the clock moves, and where removed runs stopped", async () => {
    const ids: string[] = [];
    for (const tags of [["vip"], [], [], []]) ids.push((await t.request("POST", "/api/v1/contacts", { body: { tags } })).body.id);
    for (const id of ids) await t.request("POST", `/api/v1/workflows/${workflowId}/enrol`, { body: { contactId: id } });

    const before = await stats();
    expect(before.runs).toEqual({ total: 4, running: 4, waiting: 0, completed: 0, converted: 0, exited: 0, failed: 0 });
    expect(table(before)).toEqual([
      ["is_vip", 0, 0, 4, 0, 0, 0],
      ["vip_done", 0, 0, 0, 0, 0, 0],
      ["wait", 0, 0, 0, 0, 0, 0],
      ["follow_up", 0, 0, 0, 0, 0, 0],
      ["done", 0, 0, 0, 0, 0, 0],
    ]);

    await t.request("POST", "/api/v1/test-clock/advance", { body: { ms: 0 } });
    const started = await stats();
    expect(started.runs).toMatchObject({ total: 4, running: 0, waiting: 3, completed: 1 });
    expect(table(started)).toEqual([
      ["is_vip", 4, 4, 0, 0, 0, 0],
      ["vip_done", 1, 1, 0, 0, 1, 0],
      ["wait", 3, 3, 0, 3, 0, 0],
      ["follow_up", 0, 0, 0, 0, 0, 0],
      ["done", 0, 0, 0, 0, 0, 0],
    ]);
    expect(started.nodes[2]).toMatchObject({ nodeType: "delay", label: "Two days" });

    // Another workflow removes one waiting contact: its run ends where it waited.
    const remover = await t.request("POST", "/api/v1/workflows", {
      body: { name: "Stop", definition: { version: 1, triggers: [{ type: "api" }], start: "stop", nodes: [{ id: "stop", type: "action", action: { kind: "remove_from_workflow", workflowId }, next: "end" }, { id: "end", type: "end" }] } },
    });
    await t.request("POST", `/api/v1/workflows/${remover.body.id}/publish`);
    await t.request("POST", `/api/v1/workflows/${remover.body.id}/enrol`, { body: { contactId: ids[3] } });
    await t.request("POST", "/api/v1/test-clock/advance", { body: { ms: 2 * DAY } });

    const after = await stats();
    expect(after.runs).toEqual({ total: 4, running: 0, waiting: 0, completed: 3, converted: 0, exited: 1, failed: 0 });
    expect(table(after)).toEqual([
      ["is_vip", 4, 4, 0, 0, 0, 0],
      ["vip_done", 1, 1, 0, 0, 1, 0],
      ["wait", 3, 3, 0, 0, 0, 1],
      ["follow_up", 2, 2, 0, 0, 0, 0],
      ["done", 2, 2, 0, 0, 2, 0],
    ]);
  });

  it("counts a run that ran out of retries as failed at the step that kept failing", async () => {
    const flaky = { version: 1, triggers: [{ type: "api" }], start: "score", nodes: [{ id: "score", type: "action", action: { kind: "change_score", delta: 1 }, next: "end" }, { id: "end", type: "end" }] };
    const id = (await t.request("POST", "/api/v1/workflows", { body: { name: "Flaky", definition: flaky } })).body.id;
    await t.request("POST", `/api/v1/workflows/${id}/publish`);
    const contactId = (await t.request("POST", "/api/v1/contacts", { body: {} })).body.id;
    const enrolled = (await t.request("POST", `/api/v1/workflows/${id}/enrol`, { body: { contactId } })).body;
    const real = actionHandlers.change_score;
    actionHandlers.change_score = async () => {
      throw new Error("the score service is down");
    };
    try {
      await t.request("POST", "/api/v1/test-clock/advance", { body: { ms: 60_000 } });
    } finally {
      actionHandlers.change_score = real;
    }
    const run = (await t.request("GET", `/api/v1/runs/${enrolled.runId}`)).body;
    expect(run).toMatchObject({ status: "failed", error: { message: "the score service is down", attempts: 5 } });
    expect(run.steps).toEqual([expect.objectContaining({ nodeId: "score", outcome: "failed", record: { error: expect.objectContaining({ attempts: 5 }) } })]);
    const body = (await t.request("GET", `/api/v1/workflows/${id}/versions/1/stats`)).body;
    expect(body.runs).toMatchObject({ total: 1, failed: 1 });
    expect(body.nodes[0]).toMatchObject({ nodeId: "score", entered: { steps: 1, runs: 1 }, failed: 1 });
  });

  it("404s a version that was never published and 400s a version that is not a number", async () => {
    expect((await t.request("GET", `/api/v1/workflows/${workflowId}/versions/9/stats`)).status).toBe(404);
    expect((await t.request("GET", "/api/v1/workflows/nope/versions/1/stats")).status).toBe(404);
    const bad = await t.request("GET", `/api/v1/workflows/${workflowId}/versions/first/stats`);
    expect(bad.status).toBe(400);
    expect(bad.headers["content-type"]).toContain("application/problem+json");
  });
});
