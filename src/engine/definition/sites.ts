import type { Rule } from "../../schemas/rule.js";
import type { Action, Node, Trigger, Wait, WorkflowDefinition } from "../../schemas/workflow/index.js";
import type { Place } from "./problem.js";

/** A rule that tests the contact directly (not a combination of rules). */
export type LeafRule = Exclude<Rule, { type: "all" | "any" | "not" }>;

/** Where a rule is evaluated: the entry filter runs before any step, goal and exit during the run. */
export type RuleScope = "entry" | "goal" | "exit" | "node";

export interface RuleSite extends Place {
  rule: LeafRule;
  scope: RuleScope;
}
export interface TriggerSite extends Place {
  trigger: Trigger;
}
export interface ActionSite extends Place {
  action: Action;
}
export interface DelaySite extends Place {
  wait: Wait;
}

/** Everything the reference and value checks look at, each with its place in the document. */
export interface Sites {
  rules: RuleSite[];
  triggers: TriggerSite[];
  actions: ActionSite[];
  delays: DelaySite[];
}

export function collectSites(definition: WorkflowDefinition): Sites {
  const sites: Sites = { rules: [], triggers: [], actions: [], delays: [] };
  definition.triggers.forEach((trigger, i) => sites.triggers.push({ trigger, field: `triggers.${i}`, where: `trigger ${i + 1}` }));
  const { filter } = definition.entry;
  if (filter) walkRule(filter, { field: "entry.filter", where: "the entry filter" }, "entry", sites.rules);
  if (definition.goal) walkRule(definition.goal.rule, { field: "goal.rule", where: "the goal" }, "goal", sites.rules);
  if (definition.exit) walkRule(definition.exit, { field: "exit", where: "the exit criteria" }, "exit", sites.rules);
  definition.nodes.forEach((node, i) => collectNode(node, i, sites));
  return sites;
}

function collectNode(node: Node, i: number, sites: Sites): void {
  const at = (key: string, where = `node "${node.id}"`): Place => ({ field: `nodes.${i}.${key}`, where, nodeId: node.id, nodeIndex: i });
  switch (node.type) {
    case "action":
      sites.actions.push({ ...at("action"), action: node.action });
      return;
    case "condition":
      walkRule(node.rule, at("rule"), "node", sites.rules);
      return;
    case "branch":
      node.branches.forEach((b, j) => walkRule(b.rule, at(`branches.${j}.rule`, `branch "${b.name}" of node "${node.id}"`), "node", sites.rules));
      return;
    case "delay":
      sites.delays.push({ ...at("wait"), wait: node.wait });
      return;
    case "wait_for":
      if (node.for.kind === "event") sites.triggers.push({ ...at("for.event"), trigger: node.for.event });
      else walkRule(node.for.rule, at("for.rule"), "node", sites.rules);
      return;
    default:
      return;
  }
}

/** Collects the leaf rules of a rule tree, each with its path (`….rules.0.rule`). */
function walkRule(rule: Rule, place: Place, scope: RuleScope, into: RuleSite[]): void {
  if (rule.type === "all" || rule.type === "any") {
    rule.rules.forEach((r, i) => walkRule(r, { ...place, field: `${place.field}.rules.${i}` }, scope, into));
  } else if (rule.type === "not") {
    walkRule(rule.rule, { ...place, field: `${place.field}.rule` }, scope, into);
  } else {
    into.push({ ...place, rule, scope });
  }
}
