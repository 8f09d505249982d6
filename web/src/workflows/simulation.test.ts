import { describe, expect, it } from "vitest";
import type { SimulationResult } from "../../../src/schemas/simulation.js";
import { makeEdge, TRIGGER_ID } from "./graph.js";
import { pathOverlay, timelineOf, type DraftEntry } from "./simulation.js";

const step = (nodeId: string, outcome: string, to?: string, decision: string | null = null, reason: string | null = null) => ({ nodeId, nodeType: "x", label: null, at: "2026-01-01T00:00:00.000Z", outcome, decision, reason, ...(to ? { to } : {}) });

describe("pathOverlay", () => {
  it("lights the nodes in path order and the edges taken", () => {
    const edges = [makeEdge(TRIGGER_ID, "start", "a"), makeEdge("a", "next", "b"), makeEdge("b", "yes", "c"), makeEdge("b", "no", "d")];
    const result = {
      runs: [{ path: [step("a", "wait"), step("a", "next", "b"), step("b", "next", "d", "no", "not clicked"), step("d", "end")] }],
    } as unknown as SimulationResult;
    const { lit, litEdges } = pathOverlay(result, edges);
    expect(lit.get("a")?.order).toEqual([1, 2]);
    expect(lit.get("b")?.notes).toEqual(["next — no — not clicked"]);
    expect([...litEdges].sort()).toEqual([`${TRIGGER_ID}|start`, "a|next", "b|no"].sort());
  });
});

describe("timelineOf", () => {
  const entry = (e: Partial<DraftEntry>): DraftEntry => ({ key: 1, amount: 0, unit: "days", type: "track", name: "", nodeId: "", properties: "", ...e });
  it("builds the timeline, after N units or at the same instant", () => {
    expect(timelineOf([entry({ amount: 2, type: "track", name: "Signed Up", properties: '{"plan":"pro"}' }), entry({ type: "email.clicked", nodeId: "thank_you" })])).toEqual({
      timeline: [
        { at: { after: { amount: 2, unit: "days" } }, event: { type: "track", name: "Signed Up", properties: { plan: "pro" } } },
        { event: { type: "email.clicked", nodeId: "thank_you" } },
      ],
    });
  });
  it("says which entry is wrong", () => {
    expect(timelineOf([entry({ name: "x" }), entry({ name: "y", properties: "{oops" })])).toEqual({ error: "Entry 2: properties are not valid JSON" });
  });
});
