import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkflow } from "../src/engine/index.js";
import { openRuntime } from "../src/runtime.js";
import { createManualClock } from "../src/core/index.js";
import { bootstrapWorkspace } from "../src/workspaces/index.js";
import { runCli } from "./support/processes.js";
import { testConfig, T0 } from "./support/harness.js";

const DAY = 24 * 3600 * 1000;
const definition = {
  version: 1,
  triggers: [{ type: "api" }],
  start: "tag",
  nodes: [
    { id: "tag", type: "action", action: { kind: "add_tag", tag: "welcomed" }, next: "wait" },
    { id: "wait", type: "delay", wait: { kind: "duration", duration: { amount: 2, unit: "days" } }, next: "clicked" },
    { id: "clicked", type: "condition", rule: { type: "event", name: "Clicked", count: { op: "gte", value: 1 } }, yes: "done", no: "nudge" },
    { id: "nudge", type: "action", action: { kind: "add_tag", tag: "nudged" }, next: "done" },
    { id: "done", type: "end" },
  ],
};

/** `parcours simulate` as a user runs it, on SQLite in a temporary data folder. */
describe("parcours simulate", () => {
  let dir: string;
  const env = () => ({ PARCOURS_DATA_DIR: path.join(dir, "data"), DATABASE_URL: "", LOG_LEVEL: "warn" });
  const file = (name: string, content: unknown) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, typeof content === "string" ? content : JSON.stringify(content));
    return p;
  };
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "parcours-sim-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("simulates a definition for a made-up contact with no database content", async () => {
    const input = file("signup.json", {
      definition,
      contact: { inline: { email: "new@sim.test" } },
      startAt: new Date(T0).toISOString(),
      timeline: [{ at: { after: { amount: 1, unit: "days" } }, event: { type: "track", name: "Clicked" } }],
    });
    const res = await runCli(["simulate", input], env());
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out.runs[0].path.map((s: { nodeId: string; decision: string }) => [s.nodeId, s.decision])).toEqual([
      ["tag", "tag welcomed added"],
      ["wait", expect.stringContaining("until")],
      ["clicked", "yes"],
      ["done", "end"],
    ]);
    expect(out.runs[0].path[2].at).toBe(new Date(T0 + 2 * DAY).toISOString());
    expect(out.contact).toMatchObject({ email: "new@sim.test", tags: ["welcomed"] });
  });

  it("simulates a stored workflow's draft with --workflow, leaving the store as it was", async () => {
    const runtime = await openRuntime(testConfig("sqlite", { dataDir: path.join(dir, "data") }), { clock: createManualClock(T0), logTo: 2 });
    let workflowId: string;
    try {
      const workspace = (await bootstrapWorkspace(runtime.deps)) ?? undefined;
      const id = workspace?.workspace.id ?? (await runtime.deps.db.selectFrom("workspaces").select("id").executeTakeFirstOrThrow()).id;
      workflowId = (await createWorkflow(runtime.deps, id, { name: "Welcome", definition: definition as never })).id;
    } finally {
      await runtime.close();
    }
    const res = await runCli(["simulate", file("stored.json", { contact: { inline: {} } }), "--workflow", workflowId], env());
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout).runs[0]).toMatchObject({ workflowId, status: "completed" });
    expect(JSON.parse(res.stdout).contact.tags).toEqual(["nudged", "welcomed"]);

    const check = await openRuntime(testConfig("sqlite", { dataDir: path.join(dir, "data") }), { logTo: 2 });
    try {
      for (const table of ["contacts", "workflow_runs", "events", "contact_tags"] as const) {
        expect((await check.deps.db.selectFrom(table).selectAll().execute()).length, table).toBe(0);
      }
    } finally {
      await check.close();
    }
  });

  it("fails with the bad field on stderr and nothing on stdout", async () => {
    for (const [content, expected] of [
      [{ contact: { inline: {} } }, "definition"],
      [{ definition, contact: { inline: {} }, timeline: [{ event: { type: "track" } }] }, "timeline.0.event.name"],
      ["{ not json", "not JSON"],
    ] as const) {
      const res = await runCli(["simulate", file("bad.json", content)], env());
      expect(res.code, expected).not.toBe(0);
      expect(res.stdout, expected).toBe("");
      expect(res.stderr, expected).toContain(expected);
    }
  });
});
