import type { Step, StepType } from "./handles.js";

/** A kind of step the palette offers: what it is called, what it does, and a new one of it. */
export interface StepKind {
  type: StepType;
  title: string;
  hint: string;
  /** The id a new step of this kind starts from (made unique on the canvas). */
  idBase: string;
  create: (id: string) => Step;
}

export const STEP_KINDS: readonly StepKind[] = [
  { type: "action", title: "Action", hint: "Send an email, tag, set a property, call a webhook…", idBase: "action", create: (id) => ({ id, type: "action", action: { kind: "add_tag", tag: "new_tag" } }) as Step },
  { type: "condition", title: "Condition", hint: "Yes / no on a rule", idBase: "check", create: (id) => ({ id, type: "condition", rule: { type: "tag", op: "has", tag: "vip" } }) as Step },
  {
    type: "branch",
    title: "Branch",
    hint: "The first matching branch, or otherwise",
    idBase: "branch",
    create: (id) => ({ id, type: "branch", branches: [{ name: "Branch 1", rule: { type: "tag", op: "has", tag: "vip" } }] }) as Step,
  },
  {
    type: "split",
    title: "A/B split",
    hint: "Variants by weight, sticky per contact",
    idBase: "split",
    create: (id) => ({ id, type: "split", variants: [{ name: "A", weight: 1 }, { name: "B", weight: 1 }] }) as Step,
  },
  { type: "delay", title: "Delay", hint: "Wait a duration, until a time or a date", idBase: "wait", create: (id) => ({ id, type: "delay", wait: { kind: "duration", duration: { amount: 1, unit: "days" } } }) as Step },
  {
    type: "wait_for",
    title: "Wait for",
    hint: "An event or a condition, with a timeout",
    idBase: "wait_for",
    create: (id) => ({ id, type: "wait_for", for: { kind: "event", event: { type: "event", name: "Signed Up" } }, timeout: { amount: 3, unit: "days" } }) as Step,
  },
  { type: "jump", title: "Jump", hint: "Loop back to an earlier step, a bounded number of times", idBase: "jump", create: (id) => ({ id, type: "jump", maxTimes: 3 }) as unknown as Step },
  { type: "goal", title: "Goal", hint: "End the run as a conversion", idBase: "goal", create: (id) => ({ id, type: "goal" }) },
  { type: "end", title: "End", hint: "End the run", idBase: "end", create: (id) => ({ id, type: "end" }) },
];

export const STEP_KIND: Record<StepType, StepKind> = Object.fromEntries(STEP_KINDS.map((k) => [k.type, k])) as Record<StepType, StepKind>;

/** The drag-and-drop data type of a palette entry. */
export const DRAG_TYPE = "application/x-parcours-step";
