export { WorkflowsScreen } from "./workflows-screen.js";
export type { Request, Method } from "./request.js";
export { toGraph, fromGraph, autoLayout, TRIGGER_ID, type CanvasNode, type CanvasEdge, type DefinitionBase } from "./graph.js";
