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
  freeSpot,
  type CanvasEdge,
  type CanvasNode,
  type DefinitionBase,
  type StepNode,
} from "./graph.js";
import { outHandles, type Step, type StepType } from "./handles.js";
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
      const step = STEP_KIND[type].create(id);
      const from = s.nodes.find((n) => n.selected) ?? s.nodes[s.nodes.length - 1];
      let nodes = s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n));
      let edges = s.edges;
      let position = at ?? { x: 0, y: ROW };
      if (!at && from) {
        const handles = isStepNode(from) ? outHandles(from.data.step).map((h) => h.id) : [START_HANDLE];
        const free = handles.find((h) => !edges.some((e) => e.id === edgeId(from.id, h)) && !from.data.dangling?.[h]);
        const handle = free ?? handles[0];
        const below = { x: from.position.x, y: from.position.y + ROW };
        position = freeSpot(nodes, below);
        if (handle) {
          const old = edges.find((e) => e.id === edgeId(from.id, handle));
          edges = [...edges.filter((e) => e.id !== edgeId(from.id, handle)), makeEdge(from.id, handle, id)];
          const onward = outHandles(step)[0];
          if (old && onward) {
            // Inserted between two steps: what came after moves down a row.
            edges.push(makeEdge(id, onward.id, old.target));
            position = below;
            nodes = nodes.map((n) => (n.position.y >= below.y - ROW / 4 ? ({ ...n, position: { x: n.position.x, y: n.position.y + ROW }, ...(isStepNode(n) ? { data: { ...n.data, placed: true } } : {}) } as CanvasNode) : n));
          }
        }
      }
      const node: StepNode = { id, type, position, data: { step, placed: true }, selected: true };
      return { ...s, nodes: [...nodes, node], edges };
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
