import { addDuration, durationText, evaluateRule } from "../../rules/index.js";
import type { Trigger } from "../../schemas/workflow/index.js";
import type { Command, StepContext, StepHandlers } from "../runtime/step.js";
import type { WakeEvent, WatchSpec } from "../runtime/watch.js";
import { usableZone, wallClockText } from "./wall-clock.js";

type WaitForNode = Parameters<StepHandlers["wait_for"]>[1];

/**
 * Waits until the contact does something (an event like those that trigger workflows) or until a
 * condition on it holds, for at most `timeout`: `next` when it happens, `timeoutNext` when not.
 * The step runs again each time the run is woken (a matching event, a change of the contact) and
 * when the timeout falls due; the run state remembers when the wait began and when it ends.
 */
export const waitForStep: StepHandlers["wait_for"] = async (ctx, node) => {
  const { waits } = ctx.run.state;
  const started = waits[node.id];
  if (started && ctx.now >= started.timeoutAt) {
    delete waits[node.id];
    const what = node.for.kind === "event" ? triggerText(node.for.event) : "the condition";
    return { kind: "next", to: node.timeoutNext, record: { decision: "timed out", reason: `${what} did not happen within ${durationText(node.timeout)}` } };
  }
  if (node.for.kind === "event") {
    const reason = ctx.wake?.watch === "wait" ? ctx.wake.reason : undefined;
    if (started && reason?.kind === "event") {
      delete waits[node.id];
      return { kind: "next", to: node.next, record: { decision: "event received", reason: `${eventText(reason.event)}, waited since ${iso(started.since)}` } };
    }
  } else if (!started || ctx.wake?.watch === "wait") {
    const verdict = evaluateRule(node.for.rule, await ctx.facts([node.for.rule]));
    if (verdict.matched) {
      delete waits[node.id];
      return { kind: "next", to: node.next, record: { decision: "condition met", reason: verdict.reason, verdict } };
    }
  }
  return keepWaiting(ctx, node);
};

function keepWaiting(ctx: StepContext, node: WaitForNode): Command {
  const zone = usableZone(ctx.contact.timezone);
  const wait = ctx.run.state.waits[node.id] ?? { since: ctx.now, timeoutAt: addDuration(ctx.now, node.timeout, zone) };
  ctx.run.state.waits[node.id] = wait;
  const what = node.for.kind === "event" ? triggerText(node.for.event) : "the condition to hold";
  const until = wallClockText(wait.timeoutAt, zone);
  return {
    kind: "waitFor",
    watch: node.for.kind === "event" ? eventWatch(ctx, node.for.event) : { kind: "change" },
    until: wait.timeoutAt,
    then: node.id,
    record: { decision: `waiting until ${until} at the latest`, reason: `waits for ${what}, for at most ${durationText(node.timeout)}` },
  };
}

/** An email event naming a node means the message that node of this run sent (see the validator's engagement check). */
function eventWatch(ctx: StepContext, trigger: Trigger): WatchSpec {
  const ofThisRun = (trigger.type === "email.opened" || trigger.type === "email.clicked") && trigger.nodeId !== undefined;
  return { kind: "event", trigger, ...(ofThisRun ? { runId: ctx.run.id } : {}) };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** "tag.added" at 2026-01-05T09:00:00.000Z: what woke the run. */
function eventText(e: WakeEvent): string {
  return `${e.name ?? e.kind} happened at ${iso(e.timestamp)}`;
}

/** What a wait-for event step waits for, in a few words: `event "Signed Up"`, `tag.added "vip"`. */
export function triggerText(t: Trigger): string {
  const { type, ...fields } = t;
  const detail = Object.values(fields).map((v) => (typeof v === "object" && v !== null && "value" in v ? v.value : v)).find((v) => typeof v === "string");
  return detail === undefined ? type : `${type} ${JSON.stringify(detail)}`;
}
