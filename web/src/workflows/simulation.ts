import type { SimulatedEvent, SimulationResult, TimelineEntry } from "../../../src/schemas/simulation.js";
import { TRIGGER_ID, type CanvasEdge } from "./graph.js";
import type { LitStep } from "./overlay.js";

type PathStep = SimulationResult["runs"][number]["path"][number];

/** One step of a simulated path in words: "next — clicked: no — …". */
export function describeStep(step: PathStep): string {
  return [step.outcome, step.decision, step.reason].filter((x) => x !== null && x !== undefined && x !== "").join(" — ");
}

/**
 * What the canvas lights up for a simulation: each node the runs went through (its positions in
 * the path and what was decided there) and each edge taken (the trigger's to the first step, and
 * every step's edge to where the run went next).
 */
export function pathOverlay(result: SimulationResult, edges: readonly CanvasEdge[]): { lit: Map<string, LitStep>; litEdges: Set<string> } {
  const lit = new Map<string, LitStep>();
  const litEdges = new Set<string>();
  let order = 0;
  for (const run of result.runs) {
    const first = run.path.find((s) => !s.nodeId.startsWith("$"));
    const startEdge = first && edges.find((e) => e.source === TRIGGER_ID && e.target === first.nodeId);
    if (startEdge) litEdges.add(startEdge.id);
    for (const step of run.path) {
      order += 1;
      const entry = lit.get(step.nodeId) ?? { order: [], notes: [] };
      entry.order.push(order);
      entry.notes.push(describeStep(step));
      lit.set(step.nodeId, entry);
      if (step.to) {
        const edge = edges.find((e) => e.source === step.nodeId && e.target === step.to);
        if (edge) litEdges.add(edge.id);
      }
    }
  }
  return { lit, litEdges };
}

/** A timeline entry as the simulator form edits it. */
export interface DraftEntry {
  key: number;
  /** After the previous entry (the first: after the start); amount 0 means at the same instant. */
  amount: number;
  unit: "minutes" | "hours" | "days" | "weeks" | "months";
  type: "track" | "email.opened" | "email.clicked" | "tag.added" | "identify" | "lifecycle.changed";
  /** Event name, tag or stage. */
  name: string;
  /** The step that sent the email, for opened / clicked. */
  nodeId: string;
  /** JSON of the properties, for track / identify. */
  properties: string;
}

/** The simulator's timeline entries from the form's, or the first problem in words. */
export function timelineOf(entries: readonly DraftEntry[]): { timeline: TimelineEntry[] } | { error: string } {
  const timeline: TimelineEntry[] = [];
  for (const [i, e] of entries.entries()) {
    let properties: Record<string, unknown> | undefined;
    if ((e.type === "track" || e.type === "identify") && e.properties.trim()) {
      try {
        const parsed: unknown = JSON.parse(e.properties);
        if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return { error: `Entry ${i + 1}: properties must be a JSON object` };
        properties = parsed as Record<string, unknown>;
      } catch {
        return { error: `Entry ${i + 1}: properties are not valid JSON` };
      }
    }
    const event = eventOf(e, properties);
    if (typeof event === "string") return { error: `Entry ${i + 1}: ${event}` };
    timeline.push(e.amount > 0 ? { at: { after: { amount: e.amount, unit: e.unit } }, event } : { event });
  }
  return { timeline };
}

function eventOf(e: DraftEntry, properties: Record<string, unknown> | undefined): SimulatedEvent | string {
  switch (e.type) {
    case "track":
      return e.name.trim() ? { type: "track", name: e.name.trim(), ...(properties ? { properties } : {}) } : "an event name is needed";
    case "identify":
      return { type: "identify", properties: properties ?? {} };
    case "tag.added":
      return e.name.trim() ? { type: "tag.added", tag: e.name.trim() } : "a tag is needed";
    case "lifecycle.changed":
      return { type: "lifecycle.changed", stage: e.name.trim() || null };
    case "email.opened":
    case "email.clicked":
      return { type: e.type, ...(e.nodeId ? { nodeId: e.nodeId } : {}) };
  }
}
