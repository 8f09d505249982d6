import { describe, expect, it } from "vitest";
import { fakeFacts } from "../../rules/test-facts.js";
import type { Node } from "../../schemas/workflow/index.js";
import { fakeStepContext } from "./test-step-context.js";
import { waitForStep } from "./wait-for.js";

const NOW = Date.parse("2026-03-15T12:00:00.000Z");
const DAY = 86_400_000;
type WaitFor = Extract<Node, { type: "wait_for" }>;

const onClick: WaitFor = {
  id: "w",
  type: "wait_for",
  for: { kind: "event", event: { type: "email.clicked", nodeId: "send" } },
  timeout: { amount: 2, unit: "days" },
  next: "clicked",
  timeoutNext: "reminder",
};
const onVip: WaitFor = { ...onClick, for: { kind: "condition", rule: { type: "tag", op: "has", tag: "vip" } } };
const click = { id: "e1", kind: "internal", name: "email.clicked", properties: { nodeId: "send", runId: "run" }, timestamp: NOW + DAY };

describe("wait-for step", () => {
  it("starts waiting for the event, watching this run's messages, until the timeout", async () => {
    const ctx = fakeStepContext({ now: NOW });
    const cmd = await waitForStep(ctx, onClick);
    expect(cmd).toMatchObject({ kind: "waitFor", then: "w", until: NOW + 2 * DAY, watch: { kind: "event", trigger: onClick.for.kind === "event" && onClick.for.event, runId: "run" } });
    expect(ctx.run.state.waits).toEqual({ w: { since: NOW, timeoutAt: NOW + 2 * DAY } });
  });

  it("goes on to next when woken by the event, and forgets the wait", async () => {
    const state = { waits: { w: { since: NOW, timeoutAt: NOW + 2 * DAY } } };
    const ctx = fakeStepContext({ now: NOW + DAY, state, wake: { watch: "wait", reason: { kind: "event", event: click } } });
    const cmd = await waitForStep(ctx, onClick);
    expect(cmd).toMatchObject({ kind: "next", to: "clicked", record: { decision: "event received", reason: expect.stringContaining("email.clicked") } });
    expect(ctx.run.state.waits).toEqual({});
  });

  it("takes the timeout branch once the timeout is due, even if woken at that moment", async () => {
    const state = { waits: { w: { since: NOW, timeoutAt: NOW + 2 * DAY } } };
    const ctx = fakeStepContext({ now: NOW + 2 * DAY, state, wake: { watch: "wait", reason: { kind: "event", event: click } } });
    expect(await waitForStep(ctx, onClick)).toMatchObject({ kind: "next", to: "reminder", record: { decision: "timed out", reason: expect.stringContaining("2 days") } });
  });

  it("keeps the original timeout when a condition is re-checked and still false", async () => {
    const state = { waits: { w: { since: NOW, timeoutAt: NOW + 2 * DAY } } };
    const ctx = fakeStepContext({ now: NOW + DAY, state, facts: fakeFacts({ tags: [] }), wake: { watch: "wait", reason: { kind: "change" } } });
    expect(await waitForStep(ctx, onVip)).toMatchObject({ kind: "waitFor", until: NOW + 2 * DAY, watch: { kind: "change" } });
  });

  it("does not wait when the condition already holds", async () => {
    const ctx = fakeStepContext({ now: NOW, facts: fakeFacts({ tags: ["vip"] }) });
    expect(await waitForStep(ctx, onVip)).toMatchObject({ kind: "next", to: "clicked", record: { decision: "condition met" } });
    expect(ctx.run.state.waits).toEqual({});
  });
});
