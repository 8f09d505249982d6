import { evaluateRule } from "../../rules/index.js";
import type { Rule } from "../../schemas/rule.js";
import type { Command, StepContext } from "./step.js";

/** Pseudo node ids under which goal and exit decisions go in a run's history (node ids start with a letter). */
export const GOAL_NODE = "$goal";
export const EXIT_NODE = "$exit";

/**
 * The workflow's goal and exit criteria, checked before a run takes steps and whenever its
 * contact changes: the goal ends the run as a conversion, the exit ends it without one. The goal
 * wins when both hold. Undefined when neither holds (or the workflow has none).
 */
export async function criteriaMet(ctx: StepContext): Promise<{ nodeId: string; command: Command } | undefined> {
  const { goal, exit } = ctx.definition;
  const rules = [goal?.rule, exit].filter((r): r is Rule => r !== undefined);
  if (!rules.length) return undefined;
  const facts = await ctx.facts(rules);
  if (goal) {
    const verdict = evaluateRule(goal.rule, facts);
    const decision = goal.name === undefined ? "goal reached" : `goal ${JSON.stringify(goal.name)} reached`;
    if (verdict.matched) return { nodeId: GOAL_NODE, command: { kind: "end", outcome: "converted", record: { decision, reason: verdict.reason, verdict } } };
  }
  if (exit) {
    const verdict = evaluateRule(exit, facts);
    if (verdict.matched) return { nodeId: EXIT_NODE, command: { kind: "end", outcome: "exited", record: { decision: "exit criteria met", reason: verdict.reason, verdict } } };
  }
  return undefined;
}

/** Whether runs of this workflow watch their contact for the goal and exit criteria. */
export function hasCriteria(definition: { goal?: unknown; exit?: unknown }): boolean {
  return definition.goal !== undefined || definition.exit !== undefined;
}
