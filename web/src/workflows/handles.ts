import type { WorkflowDefinition } from "../../../src/schemas/workflow/index.js";

/** One step of a workflow document. */
export type Step = WorkflowDefinition["nodes"][number];
export type StepType = Step["type"];

/**
 * An outgoing connection point of a step: `next`, `yes`, `no`, `branch:<i>`, `otherwise`,
 * `variant:<i>`, `timeout` (a wait-for's `timeoutNext`) or `to` (a jump's loop target).
 */
export interface OutHandle {
  id: string;
  label: string;
}

/** The outgoing handles of a step, in the order the document lists its targets. */
export function outHandles(step: Step): OutHandle[] {
  switch (step.type) {
    case "action":
    case "delay":
      return [{ id: "next", label: "next" }];
    case "condition":
      return [
        { id: "yes", label: "yes" },
        { id: "no", label: "no" },
      ];
    case "branch":
      return [...step.branches.map((b, i) => ({ id: `branch:${i}`, label: b.name || `branch ${i + 1}` })), { id: "otherwise", label: "otherwise" }];
    case "split":
      return step.variants.map((v, i) => ({ id: `variant:${i}`, label: `${v.name || `variant ${i + 1}`} (${v.weight})` }));
    case "wait_for":
      return [
        { id: "next", label: "done" },
        { id: "timeout", label: "timeout" },
      ];
    case "jump":
      return [
        { id: "next", label: "after loops" },
        { id: "to", label: `loop ≤${step.maxTimes}×` },
      ];
    case "goal":
    case "end":
      return [];
  }
}

type Targets = Record<string, unknown>;

function indexed(handle: string, prefix: string): number | null {
  if (!handle.startsWith(prefix)) return null;
  const i = Number(handle.slice(prefix.length));
  return Number.isInteger(i) && i >= 0 ? i : null;
}

/** Where the handle of a step goes in the document, or undefined when it is not set. */
export function readTarget(step: Step, handle: string): string | undefined {
  const s = step as unknown as Targets;
  const b = indexed(handle, "branch:");
  if (b !== null && step.type === "branch") return step.branches[b]?.next;
  const v = indexed(handle, "variant:");
  if (v !== null && step.type === "split") return step.variants[v]?.next;
  const field = handle === "timeout" ? "timeoutNext" : handle;
  const value = s[field];
  return typeof value === "string" ? value : undefined;
}

/** A copy of the step with the handle's target set (or removed when `target` is undefined). */
export function writeTarget(step: Step, handle: string, target: string | undefined): Step {
  const b = indexed(handle, "branch:");
  if (b !== null && step.type === "branch") {
    return { ...step, branches: step.branches.map((br, i) => (i === b ? withField(br, "next", target) : br)) };
  }
  const v = indexed(handle, "variant:");
  if (v !== null && step.type === "split") {
    return { ...step, variants: step.variants.map((va, i) => (i === v ? withField(va, "next", target) : va)) };
  }
  return withField(step, handle === "timeout" ? "timeoutNext" : handle, target);
}

function withField<T extends object>(obj: T, field: string, value: string | undefined): T {
  const copy = { ...obj } as Record<string, unknown>;
  if (value === undefined) delete copy[field];
  else copy[field] = value;
  return copy as T;
}
