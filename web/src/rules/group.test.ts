import { describe, expect, it } from "vitest";
import type { Rule } from "../../../src/schemas/rule.js";
import { asRootGroup, groupRule, groupView } from "./group.js";
import { problemsAt, ruleProblems } from "./problems.js";

const vip: Rule = { type: "tag", op: "has", tag: "vip" };
const pro: Rule = { type: "property", property: "plan", op: "equals", value: "pro" };

describe("rules as the builder's groups", () => {
  it("reads all / any / not as groups, with the path of each item", () => {
    const all = groupView({ type: "all", rules: [vip, pro] }, "rule")!;
    expect([all.mode, all.items, all.itemPath(1)]).toEqual(["all", [vip, pro], "rule.rules.1"]);
    const none = groupView({ type: "not", rule: { type: "any", rules: [vip, pro] } }, "rule")!;
    expect([none.mode, none.items, none.itemPath(0)]).toEqual(["none", [vip, pro], "rule.rule.rules.0"]);
    const not = groupView({ type: "not", rule: vip }, "rule.rules.2")!;
    expect([not.mode, not.items, not.itemPath(0)]).toEqual(["none", [vip], "rule.rules.2.rule"]);
    expect(groupView(vip, "rule")).toBeNull();
  });

  it("writes each mode back as the rule it means, and reads it again the same", () => {
    for (const mode of ["all", "any", "none"] as const) {
      for (const items of [[vip], [vip, pro], [{ type: "any", rules: [vip] } as Rule]]) {
        const view = groupView(groupRule(mode, items), "rule")!;
        expect([view.mode, view.items]).toEqual([mode, items]);
      }
    }
    expect(groupRule("none", [vip])).toEqual({ type: "not", rule: vip });
  });

  it("puts a lone condition in a group at the top of a segment", () => {
    expect(asRootGroup(vip)).toEqual({ type: "all", rules: [vip] });
    expect(asRootGroup({ type: "any", rules: [vip] })).toEqual({ type: "any", rules: [vip] });
  });
});

describe("problems at their condition", () => {
  it("names the schema's problems like the server does, an empty name as required", () => {
    const problems = ruleProblems({ type: "all", rules: [vip, { type: "tag", op: "has", tag: "" }] }, "rule");
    expect([...problems]).toEqual([["rule.rules.1.tag", "required"]]);
    expect(problemsAt(problems, "rule.rules.1")).toEqual(["tag: required"]);
    expect(problemsAt(problems, "rule.rules.0")).toEqual([]);
  });

  it("gives a group only the problems naming it, not those of its conditions", () => {
    const server = new Map([
      ["rule.rules.1.listId", 'no list "x" in this workspace'],
      ["rule.rules", "too many"],
    ]);
    expect(problemsAt(server, "rule", true)).toEqual([]);
    expect(problemsAt(server, "rule.rules", true)).toEqual(["too many"]);
    expect(problemsAt(server, "rule.rules.1")).toEqual(['listId: no list "x" in this workspace']);
    expect(problemsAt(server, "rule.rules.11")).toEqual([]);
  });
});
