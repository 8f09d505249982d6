import type { WorkflowDefinition } from "../../../src/schemas/workflow/index.js";
import { TRIGGER_ID } from "./graph.js";

/** A problem with a workflow, as publish (422 `errors`) and validate (`problems`) report it. */
export interface Problem {
  field: string;
  message: string;
  nodeId?: string;
}

/** Problems shown on the canvas node they concern (the trigger node for triggers, entry, goal, exit, start), and the rest. */
export interface PlacedProblems {
  byNode: Map<string, string[]>;
  general: Problem[];
}

const DOCUMENT_LEVEL = new Set(["triggers", "entry", "goal", "exit", "start"]);

/**
 * Puts each problem on a node: its `nodeId` if it names one of `definition`, else the node at
 * `nodes.<i>` of its field (with or without the `definition.` prefix), else the trigger node for a
 * document-level field. Anything else is general.
 */
export function placeProblems(problems: readonly Problem[], definition: Pick<WorkflowDefinition, "nodes">): PlacedProblems {
  const ids = new Set(definition.nodes.map((n) => n.id));
  const byNode = new Map<string, string[]>();
  const general: Problem[] = [];
  for (const p of problems) {
    const node = nodeOf(p, definition, ids);
    if (node) byNode.set(node, [...(byNode.get(node) ?? []), p.message]);
    else general.push(p);
  }
  return { byNode, general };
}

function nodeOf(p: Problem, definition: Pick<WorkflowDefinition, "nodes">, ids: Set<string>): string | null {
  if (p.nodeId && ids.has(p.nodeId)) return p.nodeId;
  const path = p.field.replace(/^definition\./, "").split(".");
  if (path[0] === "nodes" && path[1] !== undefined) {
    const node = definition.nodes[Number(path[1])];
    if (node) return node.id;
  }
  if (path[0] && DOCUMENT_LEVEL.has(path[0])) return TRIGGER_ID;
  return null;
}

/** A thrown request error's problems: the 422 body's `errors` (or `problems`), else its message. */
export function problemsOf(err: unknown): Problem[] {
  const body = (err as { body?: unknown } | null)?.body;
  if (body && typeof body === "object") {
    const list = (body as { errors?: unknown; problems?: unknown }).errors ?? (body as { problems?: unknown }).problems;
    if (Array.isArray(list)) return list.filter((p): p is Problem => !!p && typeof p === "object" && typeof (p as Problem).message === "string").map((p) => ({ ...p, field: String(p.field ?? "") }));
  }
  return [{ field: "", message: messageOf(err) }];
}

/** The message of anything thrown. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

const TARGETS: Record<string, string> = { next: "next", yes: "yes", no: "no", otherwise: "otherwise", timeoutNext: "timeout", to: "loop" };

/** zod issues (a client-side parse of the document) as problems; a missing target reads as an unconnected handle. */
export function problemsOfIssues(issues: readonly { path: readonly PropertyKey[]; message: string; code?: string; input?: unknown }[]): Problem[] {
  return issues.map((i) => {
    const path = i.path.map(String);
    const field = path.join(".");
    const last = path[path.length - 1] ?? "";
    const missing = path[0] === "nodes" && i.code === "invalid_type" && i.input === undefined;
    if (missing && (path[2] === "branches" || path[2] === "variants") && last === "next")
      return { field, message: `${path[2] === "branches" ? "branch" : "variant"} ${Number(path[3]) + 1} is not connected to a step` };
    if (missing && path.length === 3 && TARGETS[last]) return { field, message: `the “${TARGETS[last]}” handle is not connected to a step` };
    return { field, message: `${field || "document"}: ${i.message}` };
  });
}
