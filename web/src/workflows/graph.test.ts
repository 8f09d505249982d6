import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { WorkflowDefinition } from "../../../src/schemas/workflow/index.js";
import { autoLayout, fromGraph, isStepNode, relayout, removeIndexedHandle, renameStep, toGraph, TRIGGER_ID, unconnectedHandles, type CanvasEdge, type CanvasNode, type StepNode } from "./graph.js";

const doc = readFileSync(new URL("../../../docs/workflow-format.md", import.meta.url), "utf8");
/** Every ```json block of the format page that is a whole workflow. */
const examples = [...doc.matchAll(/```json\n([\s\S]*?)```/g)]
  .map((m) => JSON.parse(m[1]!) as Record<string, unknown>)
  .filter((j) => j.version === 1 && Array.isArray(j.nodes));

function roundTrip(definition: WorkflowDefinition): WorkflowDefinition {
  const { nodes, edges } = toGraph(definition);
  const { nodes: _nodes, ...base } = definition;
  return fromGraph(nodes, edges, base);
}

const sample: WorkflowDefinition = WorkflowDefinition.parse({
  version: 1,
  triggers: [{ type: "api" }],
  start: "check",
  nodes: [
    { id: "check", type: "condition", rule: { type: "tag", op: "has", tag: "vip" }, yes: "split", no: "remindr" },
    { id: "split", type: "split", variants: [{ name: "A", weight: 1, next: "a" }, { name: "B", weight: 1, next: "b" }, { name: "C", weight: 2, next: "done" }] },
    { id: "a", type: "delay", wait: { kind: "duration", duration: { amount: 1, unit: "days" } }, next: "done" },
    { id: "b", type: "jump", to: "a", maxTimes: 2, next: "done", position: { x: 500, y: 40 } },
    { id: "done", type: "end" },
  ],
});

describe("toGraph / fromGraph", () => {
  it("finds the whole workflows of docs/workflow-format.md", () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  it.each(examples.map((e, i) => [i, e] as const))("round-trips example %i unchanged", (_i, example) => {
    const parsed = WorkflowDefinition.parse(example);
    expect(roundTrip(parsed)).toEqual(parsed);
    // As written (no defaults filled in), nothing is added either.
    expect(roundTrip(example as WorkflowDefinition)).toEqual(example);
  });

  it("makes one edge per connected handle, the trigger's to start", () => {
    const { nodes, edges } = toGraph(sample);
    expect(nodes.map((n) => n.id)).toEqual([TRIGGER_ID, "check", "split", "a", "b", "done"]);
    expect(edges.map((e) => `${e.source}:${e.sourceHandle}->${e.target}`)).toEqual([
      `${TRIGGER_ID}:start->check`,
      "check:yes->split",
      "split:variant:0->a",
      "split:variant:1->b",
      "split:variant:2->done",
      "a:next->done",
      "b:next->done",
      "b:to->a",
    ]);
  });

  it("keeps a target naming no step as it is, without an edge", () => {
    const { nodes, edges } = toGraph(sample);
    const check = nodes.find((n) => n.id === "check") as StepNode;
    expect(check.data.dangling).toEqual({ no: "remindr" });
    expect(edges.some((e) => e.target === "remindr")).toBe(false);
    expect(roundTrip(sample)).toEqual(sample);
  });

  it("leaves an unconnected handle out, and says which", () => {
    const { nodes, edges } = toGraph(sample);
    const without = edges.filter((e) => e.id !== "a|next");
    const a = nodes.find((n) => n.id === "a") as StepNode;
    expect(unconnectedHandles(a, without)).toEqual(["next"]);
    const def = fromGraph(nodes, without, sample);
    expect(def.nodes.find((n) => n.id === "a")).not.toHaveProperty("next");
    expect(WorkflowDefinition.safeParse(def).success).toBe(false);
  });

  it("keeps the position of a placed step and drops automatic ones", () => {
    const { nodes, edges } = toGraph(sample);
    const b = nodes.find((n) => n.id === "b")!;
    expect(b.position).toEqual({ x: 500, y: 40 });
    const moved = nodes.map((n) => (n.id === "a" && isStepNode(n) ? { ...n, position: { x: 10.4, y: 20.6 }, data: { ...n.data, placed: true } } : n));
    const def = fromGraph(moved, edges, sample);
    expect(def.nodes.find((n) => n.id === "a")?.position).toEqual({ x: 10, y: 21 });
    expect(def.nodes.find((n) => n.id === "check")?.position).toBeUndefined();
  });

  it("lays out top to bottom by depth, loops not counted", () => {
    const { nodes, edges } = toGraph(sample);
    const layout = autoLayout(nodes, edges);
    expect(layout[TRIGGER_ID]!.y).toBeLessThan(layout.check!.y);
    expect(layout.check!.y).toBeLessThan(layout.split!.y);
    expect(layout.a!.y).toBe(layout.b!.y);
    expect(layout.a!.y).toBe(layout.done!.y);
    const tidy = relayout(nodes, edges, true);
    expect(tidy.filter(isStepNode).every((n) => !n.data.placed)).toBe(true);
  });

  it("renames a step with its edges", () => {
    const { nodes, edges } = toGraph(sample);
    const renamed = renameStep(nodes, edges, "a", "wait_a_day");
    const def = fromGraph(renamed.nodes, renamed.edges, sample);
    expect(def.nodes.map((n) => n.id)).toContain("wait_a_day");
    expect(def.nodes.find((n) => n.id === "b")).toMatchObject({ to: "wait_a_day" });
    expect(def.nodes.find((n) => n.id === "split")).toMatchObject({ variants: [{ next: "wait_a_day" }, { next: "b" }, { next: "done" }] });
  });

  it("moves the edges of later variants up when one is removed", () => {
    const { nodes, edges } = toGraph(sample);
    const after = removeIndexedHandle(edges, "split", "variant:", 1);
    const next: CanvasNode[] = nodes.map((n) =>
      isStepNode(n) && n.data.step.type === "split" ? { ...n, data: { ...n.data, step: { ...n.data.step, variants: n.data.step.variants.filter((_, i) => i !== 1) } } } : n,
    );
    const def = fromGraph(next, after as CanvasEdge[], sample);
    expect(def.nodes.find((n) => n.id === "split")).toMatchObject({ variants: [{ name: "A", next: "a" }, { name: "C", next: "done" }] });
  });

  it("takes start from the trigger's edge", () => {
    const { nodes, edges } = toGraph(sample);
    const moved = edges.map((e) => (e.source === TRIGGER_ID ? { ...e, target: "split" } : e));
    expect(fromGraph(nodes, moved, sample).start).toBe("split");
  });
});

describe("freeSpot", () => {
  it("keeps the wanted place when free, else moves a column aside", async () => {
    const { freeSpot, COLUMN } = await import("./graph.js");
    const { nodes } = toGraph(sample);
    const taken = nodes.find((n) => n.id === "check")!.position;
    expect(freeSpot(nodes, { x: 5000, y: 5000 })).toEqual({ x: 5000, y: 5000 });
    const spot = freeSpot(nodes, taken);
    expect(Math.abs(spot.x - taken.x)).toBeGreaterThanOrEqual(COLUMN);
    expect(spot.y).toBe(taken.y);
  });
});
