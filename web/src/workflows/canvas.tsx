import { Background, Controls, MiniMap, ReactFlow, useReactFlow, type Connection, type FinalConnectionState } from "@xyflow/react";
import { useCallback, useMemo, type DragEvent } from "react";
import { isStepNode, START_HANDLE, TRIGGER_ID, type CanvasEdge, type CanvasNode } from "./graph.js";
import { outHandles, type StepType } from "./handles.js";
import { NODE_TYPES } from "./nodes.js";
import { DRAG_TYPE, STEP_KIND } from "./step-kinds.js";
import type { CanvasApi } from "./use-canvas.js";

const DELETE_KEYS = ["Delete", "Backspace"];
const FIT = { padding: 0.2, maxZoom: 1 };

/** The React Flow canvas of the builder: drop steps from the palette, connect handles, delete with the Delete key. */
export function Canvas({ canvas, readOnly, litEdges }: { canvas: CanvasApi; readOnly: boolean; litEdges: Set<string> }) {
  const { screenToFlowPosition } = useReactFlow();
  const { nodes, edges } = canvas;

  const shownEdges = useMemo<CanvasEdge[]>(() => {
    const byId = new Map(nodes.map((n) => [n.id, n]));
    return edges.map((e) => {
      const source = byId.get(e.source);
      const handle = source && isStepNode(source) ? outHandles(source.data.step).find((h) => h.id === e.sourceHandle) : undefined;
      const label = handle && handle.id !== "next" ? handle.label : undefined;
      const lit = litEdges.has(e.id);
      return { ...e, label, className: [e.className, lit ? "lit" : ""].filter(Boolean).join(" ") || undefined, animated: lit || e.animated };
    });
  }, [nodes, edges, litEdges]);

  const onConnect = useCallback((c: Connection) => canvas.connect(c.source, c.sourceHandle ?? (c.source === TRIGGER_ID ? START_HANDLE : "next"), c.target), [canvas]);
  const isValidConnection = useCallback((c: Connection | CanvasEdge) => c.source !== c.target && c.target !== TRIGGER_ID, []);
  // React Flow connects only when the drag ends on a step's input handle; ending anywhere on the step connects too.
  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (readOnly || state.isValid || !state.fromNode || state.fromHandle?.type !== "source") return;
      const point = "changedTouches" in event ? event.changedTouches[0] : event;
      if (!point) return;
      const target = document
        .elementsFromPoint(point.clientX, point.clientY)
        .map((el) => el.closest<HTMLElement>(".react-flow__node"))
        .find((el) => el !== null)?.dataset.id;
      const connection = { source: state.fromNode.id, sourceHandle: state.fromHandle.id ?? null, target: target ?? "", targetHandle: "in" };
      if (target && isValidConnection(connection)) onConnect(connection);
    },
    [readOnly, isValidConnection, onConnect],
  );
  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "move";
  }, []);
  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(DRAG_TYPE) as StepType;
      if (!type || !(type in STEP_KIND) || readOnly) return;
      e.preventDefault();
      canvas.add(type, screenToFlowPosition({ x: e.clientX - 100, y: e.clientY - 20 }));
    },
    [canvas, readOnly, screenToFlowPosition],
  );

  return (
    <div className="wf-canvas" onDragOver={onDragOver} onDrop={onDrop} aria-label="Workflow canvas" role="region">
      <ReactFlow<CanvasNode, CanvasEdge>
        nodes={nodes}
        edges={shownEdges}
        nodeTypes={NODE_TYPES}
        onNodesChange={canvas.onNodesChange}
        onEdgesChange={canvas.onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onNodeDragStop={(_e, _n, dragged) => canvas.markPlaced(dragged.map((n) => n.id))}
        deleteKeyCode={readOnly ? null : DELETE_KEYS}
        nodesConnectable={!readOnly}
        nodesDraggable={!readOnly}
        edgesReconnectable={false}
        fitView
        fitViewOptions={FIT}
        minZoom={0.2}
      >
        <Background gap={20} />
        <Controls showInteractive={false} />
        <MiniMap pannable zoomable ariaLabel="Overview of the workflow" />
      </ReactFlow>
    </div>
  );
}
