import { describe, expect, it } from "vitest";
import { TRIGGER_ID } from "./graph.js";
import { placeProblems, problemsOf } from "./problems.js";

const definition = { nodes: [{ id: "a", type: "end" as const }, { id: "b", type: "end" as const }] };

describe("placeProblems", () => {
  it("places by nodeId, by nodes.<i> and document-level fields on the trigger node", () => {
    const placed = placeProblems(
      [
        { field: "definition.nodes.0.next", message: "m1", nodeId: "a" },
        { field: "definition.nodes.1.no", message: "m2" },
        { field: "definition.triggers.0.listId", message: "m3" },
        { field: "definition.start", message: "m4" },
        { field: "name", message: "m5" },
      ],
      definition,
    );
    expect(Object.fromEntries(placed.byNode)).toEqual({ a: ["m1"], b: ["m2"], [TRIGGER_ID]: ["m3", "m4"] });
    expect(placed.general).toEqual([{ field: "name", message: "m5" }]);
  });

  it("reads a 422 body's errors, or falls back to the message", () => {
    const err = Object.assign(new Error("cannot be published"), { status: 422, body: { errors: [{ field: "definition.nodes.1.no", message: "x" }] } });
    expect(problemsOf(err)).toEqual([{ field: "definition.nodes.1.no", message: "x" }]);
    expect(problemsOf(new Error("boom"))).toEqual([{ field: "", message: "boom" }]);
  });
});

describe("problemsOfIssues", () => {
  it("reads a missing target as an unconnected handle", async () => {
    const { WorkflowDefinition } = await import("../../../src/schemas/workflow/index.js");
    const { problemsOfIssues } = await import("./problems.js");
    const parsed = WorkflowDefinition.safeParse({
      version: 1,
      triggers: [{ type: "api" }],
      start: "c",
      nodes: [{ id: "c", type: "condition", rule: { type: "tag", op: "has", tag: "x" }, yes: "d" }, { id: "b", type: "branch", branches: [{ name: "B", rule: { type: "tag", op: "has", tag: "x" } }], otherwise: "d" }, { id: "d", type: "end" }],
    });
    expect(parsed.success).toBe(false);
    expect(problemsOfIssues(parsed.error!.issues).map((p) => p.message)).toEqual(["the “no” handle is not connected to a step", "branch 1 is not connected to a step"]);
  });
});
