import { describe, expect, it } from "vitest";
import { fakeFacts } from "../../rules/test-facts.js";
import type { Rule } from "../../schemas/rule.js";
import type { Node } from "../../schemas/workflow/index.js";
import { branchStep } from "./branch.js";
import { fakeStepContext } from "./test-step-context.js";

const NOW = Date.parse("2026-03-15T12:00:00.000Z");
const score = (value: number): Rule => ({ type: "score", op: "gte", value });
const node: Extract<Node, { type: "branch" }> = {
  id: "temperature",
  type: "branch",
  branches: [
    { name: "Hot", rule: score(80), next: "call" },
    { name: "Warm", rule: score(40), next: "nurture" },
    { name: "Tagged", rule: { type: "tag", op: "has", tag: "vip" }, next: "vip" },
  ],
  otherwise: "newsletter",
};

describe("branch step", () => {
  it("takes the first matching branch in order, with facts loaded once for all rules", async () => {
    const ctx = fakeStepContext({ now: NOW, facts: fakeFacts({ score: 90, tags: ["vip"] }) });
    const cmd = await branchStep(ctx, node);
    expect(cmd.kind === "next" && cmd.to).toBe("call");
    expect(cmd.record?.decision).toBe("Hot");
    expect(ctx.factsLoads).toEqual([node.branches.map((b) => b.rule)]);
  });

  it("explains the branches it passed over", async () => {
    const cmd = await branchStep(fakeStepContext({ now: NOW, facts: fakeFacts({ score: 50, tags: ["vip"] }) }), node);
    expect(cmd.kind === "next" && cmd.to).toBe("nurture");
    expect(cmd.record?.decision).toBe("Warm");
    expect(cmd.record?.reason).toMatch(/^branch "Warm" is the first that matches: /);
    expect(cmd.record?.verdict?.children?.map((v) => v.matched)).toEqual([false, true]);
  });

  it("goes to otherwise when no branch matches", async () => {
    const cmd = await branchStep(fakeStepContext({ now: NOW, facts: fakeFacts({ score: 10 }) }), node);
    expect(cmd).toMatchObject({ kind: "next", to: "newsletter", record: { decision: "otherwise", reason: "none of the 3 branches match" } });
    expect(cmd.record?.verdict?.children).toHaveLength(3);
  });
});
