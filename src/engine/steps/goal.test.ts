import { describe, expect, it } from "vitest";
import { StepUnavailableError } from "../runtime/step.js";
import { endStep } from "./end.js";
import { goalStep } from "./goal.js";
import { fakeStepContext } from "./test-step-context.js";
import { waitForStep } from "./wait-for.js";

describe("steps that end or cannot run", () => {
  const ctx = fakeStepContext({ now: 0 });

  it("a goal ends the run as a conversion, an end as completed", async () => {
    expect(await goalStep(ctx, { id: "won", type: "goal", name: "Customer" })).toMatchObject({ kind: "end", outcome: "converted", record: { decision: 'goal "Customer" reached' } });
    expect(await goalStep(ctx, { id: "won", type: "goal" })).toMatchObject({ kind: "end", outcome: "converted", record: { decision: "goal reached" } });
    expect(await endStep(ctx, { id: "done", type: "end" })).toMatchObject({ kind: "end", outcome: "completed" });
  });

  it("a wait-for step fails visibly until event wake-ups exist", async () => {
    const node = { id: "w", type: "wait_for", for: { kind: "condition", rule: { type: "tag", op: "has", tag: "x" } }, timeout: { amount: 1, unit: "days" }, next: "a", timeoutNext: "b" } as const;
    await expect(waitForStep(ctx, node)).rejects.toThrow(StepUnavailableError);
    await expect(waitForStep(ctx, node)).rejects.toThrow("a wait-for step cannot run yet");
  });
});
