import { describe, expect, it } from "vitest";
import type { Rule } from "../schemas/rule.js";
import { compareValue } from "./compare.js";
import { evaluateRule } from "./evaluate.js";
import { type FakeContact, fakeFacts } from "./test-facts.js";

const NOW = Date.parse("2026-03-15T12:00:00.000Z");
const DAY = 86_400_000;

function evaluate(rule: Rule, contact: FakeContact) {
  return evaluateRule(rule, fakeFacts(contact, (actual, filter) => compareValue(actual, filter, NOW)));
}

describe("property rules", () => {
  const contact: FakeContact = {
    properties: { plan: "pro", seats: 12, trial_end: "2026-03-20T00:00:00.000Z", constructor: "x" },
    types: { plan: "string", seats: "number", trial_end: "date", constructor: "string" } as const,
  };

  it.each<[Rule, boolean, string]>([
    [{ type: "property", property: "plan", op: "equals", value: "pro" }, true, 'plan is "pro" (equals "pro")'],
    [{ type: "property", property: "plan", op: "equals", value: "free" }, false, 'plan is "pro", needs to equal "free"'],
    [{ type: "property", property: "plan", op: "in", value: ["team", "pro"] }, true, 'plan is "pro" (is one of "team", "pro")'],
    [{ type: "property", property: "seats", op: "between", value: [10, 20] }, true, "seats is 12 (is between 10 and 20)"],
    [{ type: "property", property: "seats", op: "gt", value: 20 }, false, "seats is 12, needs to be greater than 20"],
    [{ type: "property", property: "trial_end", op: "within_next", value: { amount: 7, unit: "days" } }, true, "trial_end is 2026-03-20T00:00:00.000Z (is within the next 7 days)"],
    [{ type: "property", property: "trial_end", op: "before", value: "2026-03-18" }, false, "trial_end is 2026-03-20T00:00:00.000Z, needs to be before 2026-03-18"],
    [{ type: "property", property: "company", op: "is_not_set" }, true, "company is not set"],
    [{ type: "property", property: "company", op: "is_set" }, false, "company is not set, needs to be set"],
    [{ type: "property", property: "company", op: "not_equals", value: "Acme" }, true, 'company is not set (does not equal "Acme")'],
    [{ type: "property", property: "company", op: "equals", value: "Acme" }, false, 'company is not set, needs to equal "Acme"'],
    [{ type: "property", property: "plan", op: "gt", value: 3 }, false, 'plan is "pro", needs to be greater than 3 (only numbers and dates are ordered, the value is a string)'],
    [{ type: "property", property: "toString", op: "is_set" }, false, "toString is not set, needs to be set"],
    [{ type: "property", property: "constructor", op: "equals", value: "x" }, true, 'constructor is "x" (equals "x")'],
  ])("%j → %s", (rule, matched, reason) => {
    expect(evaluate(rule, contact)).toEqual({ matched, reason });
  });

  it("types a property without a recorded type by its value", () => {
    const verdict = evaluate({ type: "property", property: "signup", op: "after", value: "2026-01-01" }, { properties: { signup: "2026-02-01" } });
    expect(verdict).toEqual({ matched: true, reason: "signup is 2026-02-01 (is after 2026-01-01)" });
  });
});

describe("lifecycle rules", () => {
  const cases: Array<[op: "is" | "is_not" | "at_least" | "at_most", rule: string, contact: string | null, matched: boolean]> = [
    ["is", "mql", "mql", true],
    ["is", "mql", "lead", false],
    ["is", "mql", null, false],
    ["is_not", "mql", "lead", true],
    ["is_not", "mql", "mql", false],
    ["is_not", "mql", null, true],
    ["at_least", "mql", "mql", true],
    ["at_least", "mql", "customer", true],
    ["at_least", "mql", "lead", false],
    ["at_least", "subscriber", null, false],
    ["at_most", "mql", "mql", true],
    ["at_most", "mql", "lead", true],
    ["at_most", "mql", "sql", false],
    ["at_most", "subscriber", null, true],
    // A contact stage the workspace no longer lists is below every stage.
    ["at_least", "subscriber", "retired", false],
    ["at_most", "subscriber", "retired", true],
    // A stage the workspace does not have never matches, except is_not.
    ["is", "vip", "vip", false],
    ["at_least", "vip", "customer", false],
    ["at_most", "vip", "subscriber", false],
    ["is_not", "vip", "customer", true],
  ];
  it.each(cases)("%s %s with stage %s → %s", (op, stage, current, matched) => {
    expect(evaluate({ type: "lifecycle", op, stage }, { stage: current }).matched).toBe(matched);
  });

  it("explains the funnel comparison", () => {
    expect(evaluate({ type: "lifecycle", op: "at_least", stage: "mql" }, { stage: "mql" }).reason).toBe("stage mql is at least mql");
    expect(evaluate({ type: "lifecycle", op: "at_least", stage: "mql" }, { stage: "lead" }).reason).toBe("stage lead, needs to be at least mql");
    expect(evaluate({ type: "lifecycle", op: "is", stage: "lead" }, { stage: "lead" }).reason).toBe("stage lead is lead");
    expect(evaluate({ type: "lifecycle", op: "at_most", stage: "lead" }, { stage: null }).reason).toBe(
      "no lifecycle stage, which counts as below every stage, so at most lead",
    );
    expect(evaluate({ type: "lifecycle", op: "is", stage: "vip" }, { stage: "lead" }).reason).toBe(
      'stage lead; the rule names "vip", which is not a lifecycle stage of this workspace',
    );
  });
});

describe("score rules", () => {
  it.each<[Rule & { type: "score" }, number, boolean]>([
    [{ type: "score", op: "gte", value: 40 }, 40, true],
    [{ type: "score", op: "gte", value: 40 }, 39, false],
    [{ type: "score", op: "gt", value: 40 }, 40, false],
    [{ type: "score", op: "gt", value: 40 }, 41, true],
    [{ type: "score", op: "lte", value: 40 }, 40, true],
    [{ type: "score", op: "lt", value: 40 }, 40, false],
    [{ type: "score", op: "lt", value: 40 }, -5, true],
    [{ type: "score", op: "equals", value: 40 }, 40, true],
    [{ type: "score", op: "equals", value: 40 }, 41, false],
    [{ type: "score", op: "between", value: [10, 50] }, 10, true],
    [{ type: "score", op: "between", value: [10, 50] }, 50, true],
    [{ type: "score", op: "between", value: [10, 50] }, 51, false],
    [{ type: "score", op: "between", value: 10 }, 10, false],
    [{ type: "score", op: "gte", value: [10, 50] }, 20, false],
  ])("%j with score %d → %s", (rule, score, matched) => {
    expect(evaluate(rule, { score }).matched).toBe(matched);
  });

  it("explains the score", () => {
    expect(evaluate({ type: "score", op: "gte", value: 40 }, { score: 42 }).reason).toBe("score 42 is at least 40");
    expect(evaluate({ type: "score", op: "between", value: [10, 50] }, { score: 5 }).reason).toBe("score 5, needs to be between 10 and 50");
  });
});

describe("membership rules", () => {
  const contact: FakeContact = { tags: ["vip"], lists: ["L1"], segments: ["S1"] };
  it.each<[Rule, boolean, string]>([
    [{ type: "tag", op: "has", tag: "vip" }, true, 'has tag "vip"'],
    [{ type: "tag", op: "has", tag: "churned" }, false, 'does not have tag "churned"'],
    [{ type: "tag", op: "has_not", tag: "churned" }, true, 'does not have tag "churned"'],
    [{ type: "tag", op: "has_not", tag: "vip" }, false, 'has tag "vip"'],
    [{ type: "list", op: "member", listId: "L1" }, true, "is in list L1"],
    [{ type: "list", op: "not_member", listId: "L1" }, false, "is in list L1"],
    [{ type: "list", op: "not_member", listId: "L2" }, true, "is not in list L2"],
    [{ type: "segment", op: "member", segmentId: "S1" }, true, "is in segment S1"],
    [{ type: "segment", op: "member", segmentId: "S2" }, false, "is not in segment S2"],
    [{ type: "segment", op: "not_member", segmentId: "S2" }, true, "is not in segment S2"],
  ])("%j → %s", (rule, matched, reason) => {
    expect(evaluate(rule, contact)).toEqual({ matched, reason });
  });
});

describe("event rules", () => {
  const pricing = (daysAgo: number): [string, number, Record<string, unknown>] => ["Page Viewed", NOW - daysAgo * DAY, { url: "https://x.io/Pricing" }];
  const contact: FakeContact = { events: [pricing(1), pricing(6.9), pricing(8), ["Page Viewed", NOW - DAY, { url: "https://x.io/blog" }]] };
  const visits = (op: "gte" | "gt" | "lte" | "lt" | "equals", value: number, within?: number): Rule => ({
    type: "event",
    name: "Page Viewed",
    filters: [{ property: "url", op: "contains", value: "/pricing" }],
    count: { op, value },
    ...(within === undefined ? {} : { within: { amount: within, unit: "days" } }),
  });

  it.each<[Rule, boolean]>([
    [visits("gte", 2, 7), true],
    [visits("gte", 3, 7), false],
    [visits("gte", 3), true],
    [visits("gt", 2, 7), false],
    [visits("lte", 2, 7), true],
    [visits("lt", 2, 7), false],
    [visits("equals", 1, 2), true],
    // The window's start is inclusive: the visit exactly one day ago counts.
    [visits("equals", 1, 1), true],
    [{ type: "event", name: "Signed Up", count: { op: "equals", value: 0 } }, true],
  ])("%j → %s", (rule, matched) => {
    expect(evaluate(rule, contact).matched).toBe(matched);
  });

  it("asks for events since the start of the window, or ever", () => {
    const facts = fakeFacts(contact);
    evaluateRule(visits("gte", 2, 7), facts);
    evaluateRule(visits("gte", 2), facts);
    expect(facts.asked).toEqual(["event Page Viewed since 2026-03-08T12:00:00.000Z", "event Page Viewed since ever"]);
  });

  it("explains the count, the filters and the window", () => {
    expect(evaluate(visits("gte", 3, 7), contact).reason).toBe('"Page Viewed" where url contains "/pricing" happened 2 times in the last 7 days, needs at least 3');
    expect(evaluate(visits("gte", 2, 7), contact).reason).toBe('"Page Viewed" where url contains "/pricing" happened 2 times in the last 7 days (at least 2)');
    expect(evaluate({ type: "event", name: "Signed Up", count: { op: "gte", value: 1 } }, contact).reason).toBe('"Signed Up" happened 0 times ever, needs at least 1');
  });
});

describe("engagement rules", () => {
  const contact: FakeContact = { engagements: [["opened", "welcome", NOW - 5 * DAY]] };
  it.each<[Rule, boolean, string]>([
    [{ type: "engagement", action: "opened", nodeId: "welcome" }, true, 'opened the message sent by step "welcome"'],
    [{ type: "engagement", action: "opened", nodeId: "welcome", within: { amount: 3, unit: "days" } }, false, 'did not open the message sent by step "welcome" in the last 3 days'],
    [{ type: "engagement", action: "clicked", nodeId: "welcome" }, false, 'did not click a link in the message sent by step "welcome"'],
    [{ type: "engagement", action: "opened", nodeId: "reminder" }, false, 'did not open the message sent by step "reminder"'],
  ])("%j → %s", (rule, matched, reason) => {
    expect(evaluate(rule, contact)).toEqual({ matched, reason });
  });
});

describe("all, any and not", () => {
  const contact: FakeContact = { tags: ["vip"], stage: "mql", score: 10 };
  const vip: Rule = { type: "tag", op: "has", tag: "vip" };
  const churned: Rule = { type: "tag", op: "has", tag: "churned" };
  const mql: Rule = { type: "lifecycle", op: "at_least", stage: "mql" };

  it("stops all at the first failure and lists only what it evaluated", () => {
    const facts = fakeFacts(contact);
    const verdict = evaluateRule({ type: "all", rules: [vip, churned, mql] }, facts);
    expect(verdict).toEqual({
      matched: false,
      reason: "condition 2 of 3 does not match, so the others were not checked",
      children: [
        { matched: true, reason: 'has tag "vip"' },
        { matched: false, reason: 'does not have tag "churned"' },
      ],
    });
    expect(facts.asked).toEqual(["tag vip", "tag churned"]);
  });

  it("stops any at the first match", () => {
    const facts = fakeFacts(contact);
    const verdict = evaluateRule({ type: "any", rules: [churned, vip, mql] }, facts);
    expect(verdict.matched).toBe(true);
    expect(verdict.reason).toBe("condition 2 of 3 matches, so the others were not checked");
    expect(verdict.children).toHaveLength(2);
    expect(facts.asked).toEqual(["tag churned", "tag vip"]);
  });

  it("explains nested rules at every level", () => {
    const rule: Rule = {
      type: "all",
      rules: [
        mql,
        { type: "not", rule: churned },
        { type: "any", rules: [{ type: "score", op: "gte", value: 50 }, { type: "not", rule: vip }] },
      ],
    };
    expect(evaluate(rule, contact)).toEqual({
      matched: false,
      reason: "condition 3 of 3 does not match",
      children: [
        { matched: true, reason: "stage mql is at least mql" },
        {
          matched: true,
          reason: 'does not hold, as required: does not have tag "churned"',
          children: [{ matched: false, reason: 'does not have tag "churned"' }],
        },
        {
          matched: false,
          reason: "none of the 2 conditions match",
          children: [
            { matched: false, reason: "score 10, needs to be at least 50" },
            { matched: false, reason: 'must not hold, but does: has tag "vip"', children: [{ matched: true, reason: 'has tag "vip"' }] },
          ],
        },
      ],
    });
  });

  it("says when everything matched", () => {
    expect(evaluate({ type: "all", rules: [vip, mql] }, contact).reason).toBe("all 2 conditions match");
    expect(evaluate({ type: "all", rules: [vip] }, contact).reason).toBe("the condition matches");
    expect(evaluate({ type: "any", rules: [churned] }, contact).reason).toBe("the condition does not match");
  });
});
