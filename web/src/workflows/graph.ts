import type { Edge, Node as FlowNode, XYPosition } from "@xyflow/react";
import type { WorkflowDefinition } from "../../../src/schemas/workflow/index.js";
import { outHandles, readTarget, writeTarget, type Step, type StepType } from "./handles.js";

/** The canvas node standing for the triggers; `$` keeps it apart from step ids, which start with a letter. */
export const TRIGGER_ID = "$trigger";
/** The trigger node's only handle: its edge goes to the document's `start`. */
export const START_HANDLE = "start";

export interface StepData extends Record<string, unknown> {
  /** The step as the document has it; its targets are the edges, not these fields. */
  step: Step;
  /** Targets naming no step of the document (kept as they are until the handle is connected). */
  dangling?: Record<string, string>;
  /** The position is the user's (saved in the step's `position`), not the automatic layout's. */
  placed?: boolean;
}

export interface TriggerData extends Record<string, unknown> {
  dangling?: Record<string, string>;
}

export type StepNode = FlowNode<StepData, StepType>;
export type TriggerNode = FlowNode<TriggerData, "trigger">;
export type CanvasNode = StepNode | TriggerNode;
export type CanvasEdge = Edge<{ label?: string }>;

/** Everything in the document but its nodes, which the canvas holds. */
export type DefinitionBase = Omit<WorkflowDefinition, "nodes">;

/** Positions kept on the client for steps the user has not placed. */
export type Layout = Record<string, XYPosition>;

export const COLUMN = 270;
export const ROW = 200;

export function isStepNode(node: CanvasNode): node is StepNode {
  return node.id !== TRIGGER_ID;
}

/** The id of the edge leaving `source` by `handle`: one edge per handle. */
export function edgeId(source: string, handle: string): string {
  return `${source}|${handle}`;
}

/** An edge from a step's handle (or the trigger's start handle) to a step, labelled unless it is a plain `next`. */
export function makeEdge(source: string, handle: string, target: string, label?: string): CanvasEdge {
  const loop = handle === "to";
  return {
    id: edgeId(source, handle),
    source,
    sourceHandle: handle,
    target,
    targetHandle: "in",
    ...(label && handle !== "next" && handle !== START_HANDLE ? { label } : {}),
    ...(loop ? { animated: true, className: "edge-loop" } : {}),
    data: label ? { label } : {},
  };
}

/**
 * The canvas for a workflow document: a trigger node, one node per step (in document order) and
 * one edge per target that names a step. Positions: the step's own `position`, else `layout`,
 * else a top-to-bottom layered layout. Pure: no DOM.
 */
export function toGraph(definition: WorkflowDefinition, layout: Layout = {}): { nodes: CanvasNode[]; edges: CanvasEdge[] } {
  const ids = new Set(definition.nodes.map((n) => n.id));
  const edges: CanvasEdge[] = [];
  const trigger: TriggerNode = { id: TRIGGER_ID, type: "trigger", position: { x: 0, y: 0 }, data: {}, deletable: false };
  if (ids.has(definition.start)) edges.push(makeEdge(TRIGGER_ID, START_HANDLE, definition.start));
  else trigger.data.dangling = { [START_HANDLE]: definition.start };

  const steps: StepNode[] = definition.nodes.map((step) => {
    const data: StepData = { step };
    for (const handle of outHandles(step)) {
      const target = readTarget(step, handle.id);
      if (target === undefined) continue;
      if (ids.has(target)) edges.push(makeEdge(step.id, handle.id, target, handle.label));
      else (data.dangling ??= {})[handle.id] = target;
    }
    if (step.position) data.placed = true;
    return { id: step.id, type: step.type, position: step.position ?? layout[step.id] ?? { x: 0, y: 0 }, data };
  });
  const nodes: CanvasNode[] = [trigger, ...steps];
  const auto = autoLayout(nodes, edges);
  return {
    nodes: nodes.map((n) => (isStepNode(n) && (n.data.placed || layout[n.id]) ? n : { ...n, position: auto[n.id] ?? n.position })),
    edges,
  };
}

/**
 * The document the canvas stands for: `base` with the steps of the nodes (in canvas order), each
 * target taken from the edge leaving that handle, else from a dangling target, else left out (an
 * unconnected handle: the schema refuses the document until it is connected). A step the user
 * placed keeps its position.
 */
export function fromGraph(nodes: readonly CanvasNode[], edges: readonly CanvasEdge[], base: DefinitionBase): WorkflowDefinition {
  const bySource = new Map(edges.map((e) => [edgeId(e.source, e.sourceHandle ?? "next"), e.target]));
  const steps = nodes.filter(isStepNode);
  const triggerNode = nodes.find((n) => !isStepNode(n));
  const start = bySource.get(edgeId(TRIGGER_ID, START_HANDLE)) ?? triggerNode?.data.dangling?.[START_HANDLE] ?? steps[0]?.id ?? base.start;
  const out: Step[] = steps.map((node) => {
    let step: Step = { ...node.data.step, id: node.id };
    for (const handle of outHandles(step)) {
      step = writeTarget(step, handle.id, bySource.get(edgeId(node.id, handle.id)) ?? node.data.dangling?.[handle.id]);
    }
    if (node.data.placed) step.position = { x: Math.round(node.position.x), y: Math.round(node.position.y) };
    else delete step.position;
    return step;
  });
  return { ...base, start, nodes: out };
}

/**
 * Layered top-to-bottom positions: depth by breadth-first search from the trigger node, children
 * in handle order; each layer centred; nodes no path reaches go in a last layer.
 */
export function autoLayout(nodes: readonly CanvasNode[], edges: readonly CanvasEdge[]): Layout {
  const children = new Map<string, string[]>();
  const handleOrder = (e: CanvasEdge, all: readonly CanvasNode[]) => {
    const src = all.find((n) => n.id === e.source);
    if (!src || !isStepNode(src)) return 0;
    return outHandles(src.data.step).findIndex((h) => h.id === e.sourceHandle);
  };
  for (const e of [...edges].sort((a, b) => handleOrder(a, nodes) - handleOrder(b, nodes))) {
    if (e.sourceHandle === "to") continue; // a loop goes back up; it does not make a layer
    children.set(e.source, [...(children.get(e.source) ?? []), e.target]);
  }
  const depth = new Map<string, number>();
  const layers: string[][] = [];
  const root = nodes.find((n) => n.id === TRIGGER_ID) ?? nodes[0];
  const queue = root ? [root.id] : [];
  if (root) depth.set(root.id, 0);
  while (queue.length) {
    const id = queue.shift()!;
    const d = depth.get(id)!;
    (layers[d] ??= []).push(id);
    for (const child of children.get(id) ?? []) {
      if (depth.has(child) || !nodes.some((n) => n.id === child)) continue;
      depth.set(child, d + 1);
      queue.push(child);
    }
  }
  const unreached = nodes.filter((n) => !depth.has(n.id)).map((n) => n.id);
  if (unreached.length) layers.push(unreached);
  const layout: Layout = {};
  layers.forEach((layer, d) => layer.forEach((id, i) => (layout[id] = { x: (i - (layer.length - 1) / 2) * COLUMN, y: d * ROW })));
  return layout;
}

/** The canvas with every node the user did not place moved to the automatic layout (`all`: every node). */
export function relayout(nodes: readonly CanvasNode[], edges: readonly CanvasEdge[], all = false): CanvasNode[] {
  const auto = autoLayout(nodes, edges);
  return nodes.map((n) => {
    if (isStepNode(n)) {
      if (n.data.placed && !all) return n;
      return { ...n, position: auto[n.id] ?? n.position, data: { ...n.data, placed: false } };
    }
    return { ...n, position: auto[n.id] ?? n.position };
  });
}

/** The handles of `node` with nothing connected (nor a dangling target). */
export function unconnectedHandles(node: StepNode, edges: readonly CanvasEdge[]): string[] {
  return outHandles(node.data.step)
    .filter((h) => !edges.some((e) => e.source === node.id && e.sourceHandle === h.id) && !node.data.dangling?.[h.id])
    .map((h) => h.id);
}

/** Renames a step: its node, the edges to and from it, and dangling targets that named the new id. */
export function renameStep(nodes: readonly CanvasNode[], edges: readonly CanvasEdge[], from: string, to: string): { nodes: CanvasNode[]; edges: CanvasEdge[] } {
  return {
    nodes: nodes.map((n) => (isStepNode(n) && n.id === from ? { ...n, id: to, data: { ...n.data, step: { ...n.data.step, id: to } } } : n)),
    edges: edges.map((e) => {
      const source = e.source === from ? to : e.source;
      const target = e.target === from ? to : e.target;
      return { ...e, id: edgeId(source, e.sourceHandle ?? "next"), source, target };
    }),
  };
}

/**
 * After removing item `index` of a branch's or split's list (`prefix` `branch:` or `variant:`):
 * the edge of that item goes, the edges of the items after it move up by one.
 */
export function removeIndexedHandle(edges: readonly CanvasEdge[], nodeId: string, prefix: string, index: number): CanvasEdge[] {
  const out: CanvasEdge[] = [];
  for (const e of edges) {
    const handle = e.sourceHandle ?? "";
    if (e.source !== nodeId || !handle.startsWith(prefix)) {
      out.push(e);
      continue;
    }
    const i = Number(handle.slice(prefix.length));
    if (i === index) continue;
    if (i < index) out.push(e);
    else out.push({ ...e, id: edgeId(nodeId, `${prefix}${i - 1}`), sourceHandle: `${prefix}${i - 1}` });
  }
  return out;
}

/** The first id `base`, `base_2`, `base_3`… that no node has. */
export function freshId(nodes: readonly CanvasNode[], base: string): string {
  const taken = new Set(nodes.map((n) => n.id));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}

/** JSON with object keys sorted, so two equal documents give the same text whatever their key order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** `wanted`, or the nearest place beside it (a column at a time, right then left) where no node sits. */
export function freeSpot(nodes: readonly CanvasNode[], wanted: XYPosition): XYPosition {
  const taken = (p: XYPosition) => nodes.some((n) => Math.abs(n.position.x - p.x) < COLUMN * 0.8 && Math.abs(n.position.y - p.y) < ROW * 0.6);
  for (let i = 0; i < 50; i++) {
    const p = { x: wanted.x + (i % 2 ? 1 : -1) * Math.ceil(i / 2) * COLUMN, y: wanted.y };
    if (!taken(p)) return p;
  }
  return wanted;
}
