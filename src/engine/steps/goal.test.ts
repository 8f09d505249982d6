import { describe, expect, it } from "vitest";
import { endStep } from "./end.js";
import { goalStep } from "./goal.js";
import { fakeStepContext } from "./test-step-context.js";

describe("steps that end", () => {
  const ctx = fakeStepContext({ now: 0 });

  it("a goal ends the run as a conversion, an end as completed", async () => {
    expect(await goalStep(ctx, { id: "won", type: "goal", name: "Customer" })).toMatchObject({ kind: "end", outcome: "converted", record: { decision: 'goal "Customer" reached' } });
    expect(await goalStep(ctx, { id: "won", type: "goal" })).toMatchObject({ kind: "end", outcome: "converted", record: { decision: "goal reached" } });
    expect(await endStep(ctx, { id: "done", type: "end" })).toMatchObject({ kind: "end", outcome: "completed" });
  });
});
