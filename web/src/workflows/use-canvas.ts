import { applyEdgeChanges, applyNodeChanges, type EdgeChange, type NodeChange, type XYPosition } from "@xyflow/react";
import { useCallback, useMemo, useState } from "react";
import type { WorkflowDefinition } from "../../../src/schemas/workflow/index.js";
import {
  edgeId,
  freshId,
  fromGraph,
  isStepNode,
  makeEdge,
  removeIndexedHandle,
  renameStep,
  relayout,
  ROW,
  START_HANDLE,
  toGraph,
  TRIGGER_ID,
  unconnectedHandles,
  type CanvasEdge,
  type CanvasNode,
  type DefinitionBase,
  type StepNode,
} from "./graph.js";
import type { Step, StepType } from "./handles.js";
import { STEP_KIND } from "./step-kinds.js";

interface CanvasState {
  nodes: CanvasNode[];
  edges: CanvasEdge[];
  base: DefinitionBase;
}

function stateOf(definition: WorkflowDefinition, selected?: string): CanvasState {
  const { nodes: _n, ...base } = definition;
  const graph = toGraph(definition);
  return { nodes: graph.nodes.map((n) => (n.id === selected ? { ...n, selected: true } : n)), edges: graph.edges, base };
}

function withoutDangling(node: CanvasNode, handle: string): CanvasNode {
  if (!node.data.dangling?.[handle]) return node;
  const { [handle]: _gone, ...dangling } = node.data.dangling;
  return { ...node, data: { ...node.data, dangling } } as CanvasNode;
}

/**
 * The builder's document as a canvas (nodes, edges, and the rest of the document), with the
 * edits the builder makes; `definition` is the document it stands for (fromGraph).
 */
export function useCanvas(initial: WorkflowDefinition) {
  const [state, setState] = useState<CanvasState>(() => stateOf(initial));
  const { nodes, edges, base } = state;

  const reset = useCallback((definition: WorkflowDefinition) => setState((s) => stateOf(definition, s.nodes.find((n) => n.selected)?.id)), []);
  const onNodesChange = useCallback((changes: NodeChange<CanvasNode>[]) => setState((s) => ({ ...s, nodes: applyNodeChanges(changes, s.nodes) })), []);
  const onEdgesChange = useCallback((changes: EdgeChange<CanvasEdge>[]) => setState((s) => ({ ...s, edges: applyEdgeChanges(changes, s.edges) })), []);
  const setBase = useCallback((base: DefinitionBase) => setState((s) => ({ ...s, base })), []);

  /** Points a handle at a step (one edge per handle), or disconnects it (`null`). */
  const connect = useCallback((source: string, handle: string, target: string | null) => {
    setState((s) => {
      const edges = s.edges.filter((e) => e.id !== edgeId(source, handle));
      return { ...s, nodes: s.nodes.map((n) => (n.id === source ? withoutDangling(n, handle) : n)), edges: target ? [...edges, makeEdge(source, handle, target)] : edges };
    });
  }, []);

  const updateStep = useCallback((id: string, step: Step) => {
    setState((s) => ({ ...s, nodes: s.nodes.map((n) => (n.id === id && isStepNode(n) ? { ...n, data: { ...n.data, step } } : n)) }));
  }, []);

  const rename = useCallback((from: string, to: string) => setState((s) => ({ ...s, ...renameStep(s.nodes, s.edges, from, to) })), []);

  const removeItem = useCallback((id: string, prefix: "branch:" | "variant:", index: number, step: Step) => {
    setState((s) => ({
      ...s,
      nodes: s.nodes.map((n) => (n.id === id && isStepNode(n) ? { ...n, data: { ...n.data, step, dangling: undefined } } : n)),
      edges: removeIndexedHandle(s.edges, id, prefix, index),
    }));
  }, []);

  const remove = useCallback((id: string) => {
    if (id === TRIGGER_ID) return;
    setState((s) => ({ ...s, nodes: s.nodes.filter((n) => n.id !== id), edges: s.edges.filter((e) => e.source !== id && e.target !== id) }));
  }, []);

  /**
   * Adds a step: at `at` (a drop), else below the selected step (or the last one), connected from
   * the selected node's first free handle; the new step is selected.
   */
  const add = useCallback((type: StepType, at?: XYPosition) => {
    setState((s) => {
      const id = freshId(s.nodes, STEP_KIND[type].idBase);
      const from = s.nodes.find((n) => n.selected) ?? s.nodes[s.nodes.length - 1];
      const position = at ?? (from ? { x: from.position.x, y: from.position.y + ROW } : { x: 0, y: ROW });
      const node: StepNode = { id, type, position, data: { step: STEP_KIND[type].create(id), placed: true }, selected: true };
      let edges = s.edges;
      if (!at && from) {
        const free = isStepNode(from) ? unconnectedHandles(from, s.edges)[0] : s.edges.some((e) => e.source === TRIGGER_ID) ? undefined : START_HANDLE;
        if (free) edges = [...edges, makeEdge(from.id, free, id)];
      }
      return { ...s, nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node], edges };
    });
  }, []);

  /** The user moved these nodes: their positions are theirs from now on. */
  const markPlaced = useCallback((ids: string[]) => {
    setState((s) => ({ ...s, nodes: s.nodes.map((n) => (ids.includes(n.id) && isStepNode(n) && !n.data.placed ? { ...n, data: { ...n.data, placed: true } } : n)) }));
  }, []);

  const tidy = useCallback(() => setState((s) => ({ ...s, nodes: relayout(s.nodes, s.edges, true) })), []);
  const select = useCallback((id: string | null) => setState((s) => ({ ...s, nodes: s.nodes.map((n) => (n.id === id ? { ...n, selected: true } : n.selected ? { ...n, selected: false } : n)) })), []);

  const definition = useMemo(() => fromGraph(nodes, edges, base), [nodes, edges, base]);
  /** The document to save: every step keeps where it is on the canvas. */
  const placedDefinition = useCallback(() => fromGraph(nodes.map((n) => (isStepNode(n) ? { ...n, data: { ...n.data, placed: true } } : n)), edges, base), [nodes, edges, base]);

  return { nodes, edges, base, definition, placedDefinition, reset, onNodesChange, onEdgesChange, setBase, connect, updateStep, rename, removeItem, remove, add, markPlaced, tidy, select };
}

export type CanvasApi = ReturnType<typeof useCanvas>;
