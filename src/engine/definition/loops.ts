import { type WorkflowGraph, isCanonical, reachable } from "./graph.js";
import type { WorkflowProblem } from "./problem.js";

/** Steps that make a run wait, so that a loop through them cannot spin. */
const PAUSING = new Set(["delay", "wait_for"]);

/**
 * Every loop must go through a delay or wait-for step (a jump bounds a loop but does not slow
 * it). Any cycle left once the pausing steps are taken out is a loop without pause: one problem
 * per group of such loops (strongly connected component). A step pointing to itself is reported
 * by the structure check.
 */
export function checkLoops(start: string, graph: WorkflowGraph): WorkflowProblem[] {
  const moving = (i: number) => isCanonical(graph, i) && !PAUSING.has(graph.nodes[i]?.type ?? "");
  const order = entryOrder(start, graph);
  return components(graph, moving)
    .filter((c) => c.length > 1)
    .map((component) => {
      const entry = component.reduce((a, b) => ((order.get(a) ?? 0) <= (order.get(b) ?? 0) ? a : b));
      const names = cycleThrough(entry, new Set(component), graph).map((i) => graph.nodes[i]?.id ?? "?");
      return {
        field: `nodes.${entry}`,
        nodeId: graph.nodes[entry]?.id ?? "",
        message: `this loop (${names.join(" → ")}) has no delay or wait step: it would run without pause`,
      };
    });
}

/** Strongly connected components of the nodes `keep` accepts (Tarjan). */
function components(graph: WorkflowGraph, keep: (i: number) => boolean): number[][] {
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const stack: number[] = [];
  const onStack = new Set<number>();
  const result: number[][] = [];
  const visit = (v: number): void => {
    index.set(v, index.size);
    low.set(v, index.get(v) ?? 0);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.successors[v] ?? []) {
      if (!keep(w)) continue;
      if (!index.has(w)) visit(w);
      if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: number[] = [];
    for (let w = stack.pop(); w !== undefined; w = w === v ? undefined : stack.pop()) {
      onStack.delete(w);
      component.push(w);
    }
    result.push(component);
  };
  graph.nodes.forEach((_, i) => {
    if (keep(i) && !index.has(i)) visit(i);
  });
  return result;
}

/** The order in which steps are first met from the start, so a loop is named from its entry. */
function entryOrder(start: string, graph: WorkflowGraph): Map<number, number> {
  const from = graph.indexOf.get(start);
  const order = new Map<number, number>();
  const seen = from === undefined ? [] : [...reachable(graph, [from])];
  seen.forEach((i, rank) => order.set(i, rank));
  graph.nodes.forEach((_, i) => {
    if (!order.has(i)) order.set(i, seen.length + i);
  });
  return order;
}

/** A shortest cycle from `entry` back to it inside `within`, as positions, `entry` at both ends. */
function cycleThrough(entry: number, within: Set<number>, graph: WorkflowGraph): number[] {
  const parent = new Map<number, number>();
  const queue = [entry];
  for (let v = queue.shift(); v !== undefined; v = queue.shift()) {
    for (const w of graph.successors[v] ?? []) {
      if (!within.has(w)) continue;
      if (w === entry) return [...pathTo(v, parent, entry), entry];
      if (parent.has(w)) continue;
      parent.set(w, v);
      queue.push(w);
    }
  }
  return [entry];
}

function pathTo(v: number, parent: Map<number, number>, entry: number): number[] {
  const path = [v];
  for (let p = parent.get(v); p !== undefined && path[0] !== entry; p = parent.get(p)) path.unshift(p);
  return path;
}
