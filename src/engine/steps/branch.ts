import { evaluateRule, type Verdict } from "../../rules/index.js";
import type { StepHandlers } from "../runtime/step.js";

/**
 * Multi-branch: the first branch whose rule matches, in the order written, else `otherwise`. The
 * recorded verdict lists every branch checked, so "why not the first branch?" has an answer.
 */
export const branchStep: StepHandlers["branch"] = async (ctx, node) => {
  const facts = await ctx.facts(node.branches.map((b) => b.rule));
  const checked: Verdict[] = [];
  for (const branch of node.branches) {
    const verdict = evaluateRule(branch.rule, facts);
    checked.push(verdict);
    if (verdict.matched) {
      const reason = `branch ${JSON.stringify(branch.name)} is the first that matches: ${verdict.reason}`;
      return { kind: "next", to: branch.next, record: { decision: branch.name, reason, verdict: { matched: true, reason, children: checked } } };
    }
  }
  const reason = node.branches.length === 1 ? "the branch does not match" : `none of the ${node.branches.length} branches match`;
  return { kind: "next", to: node.otherwise, record: { decision: "otherwise", reason, verdict: { matched: false, reason, children: checked } } };
};
