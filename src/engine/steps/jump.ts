import type { StepHandlers } from "../runtime/step.js";

/** A bounded loop: back to `to` while this run has looped here fewer than `maxTimes`, then on to `next`. */
export const jumpStep: StepHandlers["jump"] = async (ctx, node) => {
  const { jumps } = ctx.run.state;
  const done = jumps[node.id] ?? 0;
  if (done < node.maxTimes) {
    jumps[node.id] = done + 1;
    return { kind: "next", to: node.to, record: { decision: `back to ${node.to}`, reason: `loop ${done + 1} of at most ${node.maxTimes}` } };
  }
  return { kind: "next", to: node.next, record: { decision: `on to ${node.next}`, reason: `already looped ${node.maxTimes} times, the most allowed` } };
};
