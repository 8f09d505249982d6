import { type WorkflowGraph, isCanonical, nodeName, reachable } from "./graph.js";
import type { WorkflowProblem } from "./problem.js";

/**
 * Every path must be able to finish at an `end` or `goal` step. Reported where a path turns
 * into a dead end: the edge from a step that can still finish to one that cannot — or at the
 * start, when nothing from it can.
 */
export function checkDeadEnds(start: string, graph: WorkflowGraph): WorkflowProblem[] {
  const finishing = reachable(graph, finishers(graph), "backward");
  const problems: WorkflowProblem[] = [];
  const startIndex = graph.indexOf.get(start);
  if (startIndex !== undefined && !finishing.has(startIndex)) {
    problems.push({ field: "start", message: `no path from the start step "${start}" reaches an end or goal step` });
  }
  graph.nodes.forEach((node, i) => {
    if (!finishing.has(i) || !isCanonical(graph, i)) return;
    for (const edge of graph.edges[i] ?? []) {
      const target = graph.indexOf.get(edge.target);
      if (target === undefined || finishing.has(target)) continue;
      problems.push({
        field: `nodes.${i}.${edge.key}`,
        nodeId: node.id,
        message: `${edge.label} of ${nodeName(node)} leads nowhere: no path from it reaches an end or goal step`,
      });
    }
  });
  return problems;
}

/**
 * Terminal steps, and steps with a reference to a missing step: the missing step is reported on
 * its own, and counting it as a dead end too would blame every step before it.
 */
function finishers(graph: WorkflowGraph): number[] {
  return graph.nodes.flatMap((node, i) => {
    if (!isCanonical(graph, i)) return [];
    const terminal = node.type === "end" || node.type === "goal";
    const dangling = (graph.edges[i] ?? []).some((e) => !graph.indexOf.has(e.target));
    return terminal || dangling ? [i] : [];
  });
}
