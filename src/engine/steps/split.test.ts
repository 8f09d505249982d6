import { describe, expect, it } from "vitest";
import type { Node } from "../../schemas/workflow/index.js";
import { pickVariant, splitPoint, splitStep } from "./split.js";
import { fakeStepContext } from "./test-step-context.js";

const NOW = Date.parse("2026-03-15T12:00:00.000Z");
const node: Extract<Node, { type: "split" }> = {
  id: "subject_test",
  type: "split",
  variants: [
    { name: "A", weight: 80, next: "email_a" },
    { name: "B", weight: 20, next: "email_b" },
  ],
};

describe("split step", () => {
  it("gives a contact the same variant every time and records it in the run state", async () => {
    const first = fakeStepContext({ now: NOW, contact: { id: "contact-1" } });
    const again = fakeStepContext({ now: NOW, contact: { id: "contact-1" } });
    const a = await splitStep(first, node);
    const b = await splitStep(again, node);
    expect(a).toEqual(b);
    expect(a.record?.decision).toBe(`variant ${first.run.state.variants.subject_test}`);
    expect(a.kind === "next" && a.to).toBe(first.run.state.variants.subject_test === "A" ? "email_a" : "email_b");
  });

  it("reuses the variant stored in the run", async () => {
    const id = Array.from({ length: 100 }, (_, i) => `c-${i}`).find((c) => pickVariant(node.variants, splitPoint(c, node.id)).name === "A")!;
    const ctx = fakeStepContext({ now: NOW, contact: { id }, state: { variants: { subject_test: "B" } } });
    const cmd = await splitStep(ctx, node);
    expect(cmd).toMatchObject({ kind: "next", to: "email_b", record: { decision: "variant B", reason: "kept the variant this run was given before" } });
  });

  it("follows the weights over many contacts (80/20 within ±3%)", () => {
    let a = 0;
    for (let i = 0; i < 10_000; i++) if (pickVariant(node.variants, splitPoint(`contact-${i}`, node.id)).name === "A") a++;
    expect(a).toBeGreaterThanOrEqual(7_700);
    expect(a).toBeLessThanOrEqual(8_300);
  });

  it("assigns independently per split node", () => {
    const ids = Array.from({ length: 1_000 }, (_, i) => `contact-${i}`);
    const same = ids.filter((c) => splitPoint(c, "split_1") < 0.5 === splitPoint(c, "split_2") < 0.5).length;
    expect(same).toBeGreaterThan(400);
    expect(same).toBeLessThan(600);
  });

  it("maps points to variants by cumulative share", () => {
    const three = [
      { name: "x", weight: 1 },
      { name: "y", weight: 2 },
      { name: "z", weight: 1 },
    ];
    expect([0, 0.2499, 0.25, 0.7499, 0.75, 0.9999999].map((p) => pickVariant(three, p).name)).toEqual(["x", "x", "y", "y", "z", "z"]);
  });
});
