import type { Rule } from "../../schemas/rule.js";

export interface RuleProblem {
  /** Where in the rule tree, e.g. ["rules", 1, "nodeId"]. */
  path: (string | number)[];
  message: string;
}

/**
 * The parts of a rule that cannot be answered for all contacts at once: engagement with the
 * message a step of the current workflow run sent only means something inside that run.
 */
export function sqlProblems(rule: Rule, path: (string | number)[] = []): RuleProblem[] {
  switch (rule.type) {
    case "all":
    case "any":
      return rule.rules.flatMap((r, i) => sqlProblems(r, [...path, "rules", i]));
    case "not":
      return sqlProblems(rule.rule, [...path, "rule"]);
    case "engagement":
      return rule.nodeId === undefined
        ? []
        : [{ path: [...path, "nodeId"], message: "engagement with a workflow step only applies inside that workflow; name a templateId or campaignId instead" }];
    default:
      return [];
  }
}
