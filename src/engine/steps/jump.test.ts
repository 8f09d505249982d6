import { describe, expect, it } from "vitest";
import { jumpStep } from "./jump.js";
import { fakeStepContext } from "./test-step-context.js";

const node = { id: "retry", type: "jump", to: "wait", maxTimes: 2, next: "done" } as const;

describe("jump step", () => {
  it("goes back at most maxTimes per run, counting in the run state, then goes on", async () => {
    const ctx = fakeStepContext({ now: 0 });
    const taken = [];
    for (let i = 0; i < 4; i++) taken.push(await jumpStep(ctx, node));
    expect(taken.map((c) => c.kind === "next" && c.to)).toEqual(["wait", "wait", "done", "done"]);
    expect(taken.map((c) => c.record?.reason)).toEqual([
      "loop 1 of at most 2",
      "loop 2 of at most 2",
      "already looped 2 times, the most allowed",
      "already looped 2 times, the most allowed",
    ]);
    expect(ctx.run.state.jumps).toEqual({ retry: 2 });
  });

  it("continues from a count stored with the run", async () => {
    const ctx = fakeStepContext({ now: 0, state: { jumps: { retry: 1, other: 5 } } });
    expect(await jumpStep(ctx, node)).toMatchObject({ kind: "next", to: "wait", record: { decision: "back to wait" } });
    expect(ctx.run.state.jumps).toEqual({ retry: 2, other: 5 });
  });
});
