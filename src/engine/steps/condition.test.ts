import { describe, expect, it } from "vitest";
import { fakeFacts } from "../../rules/test-facts.js";
import { conditionStep } from "./condition.js";
import { fakeStepContext } from "./test-step-context.js";

const NOW = Date.parse("2026-03-15T12:00:00.000Z");
const node = { id: "is_vip", type: "condition", rule: { type: "tag", op: "has", tag: "vip" }, yes: "vip_path", no: "normal_path" } as const;

describe("condition step", () => {
  it("goes to yes when the rule matches, with the verdict and its reason", async () => {
    const ctx = fakeStepContext({ now: NOW, facts: fakeFacts({ tags: ["vip"] }) });
    const cmd = await conditionStep(ctx, node);
    expect(cmd).toEqual({
      kind: "next",
      to: "vip_path",
      record: { decision: "yes", reason: expect.stringContaining("vip"), verdict: { matched: true, reason: expect.any(String) } },
    });
    expect(ctx.factsLoads).toEqual([[node.rule]]);
  });

  it("goes to no when it does not, saying why", async () => {
    const cmd = await conditionStep(fakeStepContext({ now: NOW, facts: fakeFacts({ tags: ["other"] }) }), node);
    expect(cmd.kind === "next" && cmd.to).toBe("normal_path");
    expect(cmd.record?.decision).toBe("no");
    expect(cmd.record?.verdict?.matched).toBe(false);
    expect(cmd.record?.reason).toBe(cmd.record?.verdict?.reason);
    expect(cmd.record?.reason).toContain("vip");
  });
});
