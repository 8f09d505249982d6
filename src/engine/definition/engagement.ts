import { type WorkflowGraph, reachable } from "./graph.js";
import { type Place, type WorkflowProblem, problemAt } from "./problem.js";
import type { RuleScope, Sites } from "./sites.js";

/** A look at "the message sent by node X of this run": an engagement rule or an email wait. */
interface Look {
  place: Place;
  scope: RuleScope;
  nodeId: string;
}

/**
 * Engagement rules (and wait-for email events naming a node) look at a message this run sent:
 * the node must be an action step that comes before the step looking, on some path. Goal and
 * exit criteria are checked throughout the run, so any action step will do; the entry filter runs
 * before any step, so it cannot look at all.
 */
export function checkEngagement(sites: Sites, graph: WorkflowGraph): WorkflowProblem[] {
  const looks: Look[] = [
    ...sites.rules.flatMap((s) => (s.rule.type === "engagement" && s.rule.nodeId !== undefined ? [{ place: s, scope: s.scope, nodeId: s.rule.nodeId }] : [])),
    ...sites.triggers.flatMap((s) => {
      const t = s.trigger;
      const inNode = s.nodeIndex !== undefined && (t.type === "email.opened" || t.type === "email.clicked");
      return inNode && t.nodeId !== undefined ? [{ place: s, scope: "node" as const, nodeId: t.nodeId }] : [];
    }),
  ];
  const descendants = new Map<number, Set<number>>();
  const after = (i: number): Set<number> => {
    let steps = descendants.get(i);
    if (steps === undefined) descendants.set(i, (steps = reachable(graph, [i])));
    return steps;
  };
  return looks.flatMap((look) => lookProblems(look, graph, after));
}

function lookProblems(look: Look, graph: WorkflowGraph, after: (i: number) => Set<number>): WorkflowProblem[] {
  const { place, nodeId } = look;
  const fail = (message: string) => [problemAt(place, "nodeId", message)];
  if (look.scope === "entry") return fail(`the entry filter cannot look at the message of node "${nodeId}": it is checked before any step runs`);
  const target = graph.indexOf.get(nodeId);
  if (target === undefined) return fail(`${place.where} looks at the message of node "${nodeId}", which does not exist`);
  if (graph.nodes[target]?.type !== "action") return fail(`${place.where} looks at the message of node "${nodeId}", which is not an action step`);
  if (look.scope !== "node" || place.nodeIndex === undefined) return [];
  if (!after(target).has(place.nodeIndex)) {
    return fail(`${place.where} looks at the message of node "${nodeId}", which does not come before it on any path`);
  }
  return [];
}
