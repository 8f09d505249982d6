import type { WorkflowDefinition } from "../../schemas/workflow/index.js";
import { type WorkflowGraph, isCanonical, nodeName, reachable } from "./graph.js";
import type { WorkflowProblem } from "./problem.js";

/**
 * The shape of the graph: unique ids, references that name existing steps, no step pointing to
 * itself, every step reachable from the start, jumps that go back to an earlier step.
 */
export function checkStructure(definition: WorkflowDefinition, graph: WorkflowGraph): WorkflowProblem[] {
  return [...duplicateIds(graph), ...danglingReferences(definition, graph), ...unreachableNodes(definition, graph), ...forwardJumps(graph)];
}

function duplicateIds(graph: WorkflowGraph): WorkflowProblem[] {
  return graph.nodes.flatMap((node, i) =>
    isCanonical(graph, i) ? [] : [{ field: `nodes.${i}.id`, nodeId: node.id, message: `two steps have the id "${node.id}": each step needs its own id` }],
  );
}

function danglingReferences(definition: WorkflowDefinition, graph: WorkflowGraph): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  if (!graph.indexOf.has(definition.start)) {
    problems.push({ field: "start", message: `the start step "${definition.start}" does not exist` });
  }
  graph.nodes.forEach((node, i) => {
    for (const edge of graph.edges[i] ?? []) {
      const field = `nodes.${i}.${edge.key}`;
      if (!graph.indexOf.has(edge.target)) {
        problems.push({ field, nodeId: node.id, message: `${edge.label} of ${nodeName(node)} goes to "${edge.target}", which does not exist` });
      } else if (edge.target === node.id) {
        problems.push({ field, nodeId: node.id, message: `${edge.label} of ${nodeName(node)} goes back to the same step` });
      }
    }
  });
  return problems;
}

function unreachableNodes(definition: WorkflowDefinition, graph: WorkflowGraph): WorkflowProblem[] {
  const start = graph.indexOf.get(definition.start);
  // Without a start every step would be "unreachable": the missing start is the one problem.
  if (start === undefined) return [];
  const seen = reachable(graph, [start]);
  return graph.nodes.flatMap((node, i) =>
    seen.has(i) || !isCanonical(graph, i) ? [] : [{ field: `nodes.${i}`, nodeId: node.id, message: `${nodeName(node)} is unreachable from the start` }],
  );
}

/** A jump is a bounded loop: its target must be a step that leads back to the jump. */
function forwardJumps(graph: WorkflowGraph): WorkflowProblem[] {
  return graph.nodes.flatMap((node, i) => {
    if (node.type !== "jump" || !isCanonical(graph, i)) return [];
    const to = graph.indexOf.get(node.to);
    if (to === undefined || to === i || reachable(graph, [to]).has(i)) return [];
    return [
      {
        field: `nodes.${i}.to`,
        nodeId: node.id,
        message: `${nodeName(node)} jumps to "${node.to}", which does not lead back to it: a jump must go back to an earlier step`,
      },
    ];
  });
}
