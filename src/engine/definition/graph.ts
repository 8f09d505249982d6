import type { Node, NodeType } from "../../schemas/workflow/index.js";

/** A node's reference to a step that follows it: one edge of the workflow. */
export interface Edge {
  target: string;
  /** Path of the reference inside the node: `next`, `branches.0.next`, `to`… */
  key: string;
  /** The reference in words: `the "no" branch`, `variant "B"`. */
  label: string;
}

export interface WorkflowGraph {
  nodes: Node[];
  /** Node position by id; when ids repeat, the first node wins (the others are reported). */
  indexOf: Map<string, number>;
  /** Edges by node position. */
  edges: Edge[][];
  /** Positions of the nodes each node's edges reach (existing targets only). */
  successors: number[][];
  predecessors: number[][];
}

const next = (target: string): Edge => ({ target, key: "next", label: "the next step" });

const EDGES: { [T in NodeType]: (node: Extract<Node, { type: T }>) => Edge[] } = {
  action: (n) => [next(n.next)],
  condition: (n) => [
    { target: n.yes, key: "yes", label: 'the "yes" branch' },
    { target: n.no, key: "no", label: 'the "no" branch' },
  ],
  branch: (n) => [
    ...n.branches.map((b, i) => ({ target: b.next, key: `branches.${i}.next`, label: `branch "${b.name}"` })),
    { target: n.otherwise, key: "otherwise", label: 'the "otherwise" branch' },
  ],
  split: (n) => n.variants.map((v, i) => ({ target: v.next, key: `variants.${i}.next`, label: `variant "${v.name}"` })),
  delay: (n) => [next(n.next)],
  wait_for: (n) => [next(n.next), { target: n.timeoutNext, key: "timeoutNext", label: "the timeout branch" }],
  jump: (n) => [{ target: n.to, key: "to", label: "the jump" }, next(n.next)],
  goal: () => [],
  end: () => [],
};

/** The edges a node declares, in document order. */
export function edgesOf(node: Node): Edge[] {
  return (EDGES[node.type] as (n: Node) => Edge[])(node);
}

export function buildGraph(nodes: Node[]): WorkflowGraph {
  const indexOf = new Map<string, number>();
  nodes.forEach((n, i) => {
    if (!indexOf.has(n.id)) indexOf.set(n.id, i);
  });
  const edges = nodes.map(edgesOf);
  const successors = nodes.map(() => [] as number[]);
  const predecessors = nodes.map(() => [] as number[]);
  nodes.forEach((_, i) => {
    if (!isCanonical({ indexOf, nodes }, i)) return;
    for (const e of edges[i] ?? []) {
      const j = indexOf.get(e.target);
      if (j === undefined) continue;
      successors[i]?.push(j);
      predecessors[j]?.push(i);
    }
  });
  return { nodes, indexOf, edges, successors, predecessors };
}

/** Whether node `i` is the one its id names (not a later duplicate). */
export function isCanonical(graph: Pick<WorkflowGraph, "indexOf" | "nodes">, i: number): boolean {
  const node = graph.nodes[i];
  return node !== undefined && graph.indexOf.get(node.id) === i;
}

/** Positions reachable from `from` (included) following edges forward, or backward. */
export function reachable(graph: WorkflowGraph, from: number[], direction: "forward" | "backward" = "forward"): Set<number> {
  const links = direction === "forward" ? graph.successors : graph.predecessors;
  const seen = new Set(from);
  const queue = [...from];
  for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
    for (const j of links[i] ?? []) {
      if (seen.has(j)) continue;
      seen.add(j);
      queue.push(j);
    }
  }
  return seen;
}

/** `node "id"`, for messages. */
export function nodeName(node: Node): string {
  return `node "${node.id}"`;
}
