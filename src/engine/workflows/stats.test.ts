import { describe, expect, it } from "vitest";
import { WorkflowDefinition } from "../../schemas/workflow/index.js";
import { tallyWorkflowStats } from "./stats.js";

const definition = WorkflowDefinition.parse({
  version: 1,
  triggers: [{ type: "api" }],
  start: "check",
  nodes: [
    { id: "check", type: "condition", rule: { type: "tag", op: "has", tag: "vip" }, yes: "done", no: "wait" },
    { id: "wait", type: "delay", label: "Two days", wait: { kind: "duration", duration: { amount: 2, unit: "days" } }, next: "tag" },
    { id: "tag", type: "action", action: { kind: "add_tag", tag: "t" }, next: "done" },
    { id: "done", type: "end" },
  ],
});

const zero = { entered: { steps: 0, runs: 0 }, running: 0, waiting: 0, completed: 0, converted: 0, exited: 0, failed: 0 };

describe("per-node counts", () => {
  it("counts each run where it is: running at its next node, waiting in its delay, ended at its last step", () => {
    const stats = tallyWorkflowStats(
      definition,
      [
        { node_id: "check", steps: 6, runs: 6 },
        { node_id: "wait", steps: 4, runs: 4 },
        { node_id: "done", steps: 2, runs: 2 },
      ],
      [
        { status: "running", node_id: "check", last_node_id: null, runs: 1 },
        { status: "waiting", node_id: "tag", last_node_id: "wait", runs: 3 },
        { status: "completed", node_id: null, last_node_id: "done", runs: 2 },
        { status: "exited", node_id: null, last_node_id: "wait", runs: 1 },
        { status: "failed", node_id: null, last_node_id: null, runs: 1 },
      ],
    );
    expect(stats.runs).toEqual({ total: 8, running: 1, waiting: 3, completed: 2, converted: 0, exited: 1, failed: 1 });
    expect(stats.nodes).toEqual([
      { nodeId: "check", nodeType: "condition", label: null, ...zero, entered: { steps: 6, runs: 6 }, running: 1 },
      { nodeId: "wait", nodeType: "delay", label: "Two days", ...zero, entered: { steps: 4, runs: 4 }, waiting: 3, exited: 1 },
      { nodeId: "tag", nodeType: "action", label: null, ...zero },
      { nodeId: "done", nodeType: "end", label: null, ...zero, entered: { steps: 2, runs: 2 }, completed: 2 },
    ]);
  });

  it("lists every node of a version nobody entered yet", () => {
    const stats = tallyWorkflowStats(definition, [], []);
    expect(stats.runs.total).toBe(0);
    expect(stats.nodes.map((n) => n.nodeId)).toEqual(["check", "wait", "tag", "done"]);
  });
});
