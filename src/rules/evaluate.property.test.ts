import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ComparisonOp, type Rule } from "../schemas/rule.js";
import { compareValue } from "./compare.js";
import { evaluateRule } from "./evaluate.js";
import type { Verdict } from "./facts.js";
import { type FakeContact, STAGES, fakeFacts } from "./test-facts.js";

const NOW = Date.parse("2026-03-15T12:00:00.000Z");
const DAY = 86_400_000;

const date = fc.integer({ min: NOW - 60 * DAY, max: NOW + 60 * DAY }).map((ms) => new Date(ms).toISOString());
const scalar = fc.oneof(fc.constantFrom("pro", "PRO", "free", "", "2026-03-01"), fc.integer({ min: -5, max: 50 }), fc.boolean(), date);
const duration = fc.record({ amount: fc.integer({ min: 1, max: 40 }), unit: fc.constantFrom("minutes", "hours", "days", "weeks", "months") });
// Values of any shape, valid for the operator or not: the evaluator must answer, never throw.
const operand = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), duration, fc.constant(undefined));
const comparison = fc.record({ property: fc.constantFrom("plan", "seats", "signup", "flag", "missing"), op: fc.constantFrom(...ComparisonOp.options), value: operand });

const leaf: fc.Arbitrary<Rule> = fc.oneof(
  fc.record({ type: fc.constant("tag" as const), op: fc.constantFrom("has" as const, "has_not" as const), tag: fc.constantFrom("a", "b", "c") }),
  comparison.map((c) => ({ type: "property" as const, ...c })),
  fc.record({ type: fc.constant("lifecycle" as const), op: fc.constantFrom("is" as const, "is_not" as const, "at_least" as const, "at_most" as const), stage: fc.constantFrom(...STAGES, "vip") }),
  fc.record({ type: fc.constant("score" as const), op: fc.constantFrom("gte" as const, "gt" as const, "lte" as const, "lt" as const, "equals" as const), value: fc.integer({ min: -5, max: 50 }) }),
  fc.record(
    {
      type: fc.constant("event" as const),
      name: fc.constantFrom("Page Viewed", "Signed Up"),
      filters: fc.array(comparison, { maxLength: 2 }),
      count: fc.record({ op: fc.constantFrom("gte" as const, "gt" as const, "lte" as const, "lt" as const, "equals" as const), value: fc.integer({ min: 0, max: 3 }) }),
      within: duration,
    },
    { requiredKeys: ["type", "name", "count"] },
  ),
);

const { rule } = fc.letrec<{ rule: Rule }>((tie) => ({
  rule: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.record({ type: fc.constant("all" as const), rules: fc.array(tie("rule"), { minLength: 1, maxLength: 3 }) }),
    fc.record({ type: fc.constant("any" as const), rules: fc.array(tie("rule"), { minLength: 1, maxLength: 3 }) }),
    fc.record({ type: fc.constant("not" as const), rule: tie("rule") }),
  ),
}));

const contact: fc.Arbitrary<FakeContact> = fc.record({
  properties: fc.record(
    { plan: fc.constantFrom("pro", "Pro", "free"), seats: fc.integer({ min: 0, max: 50 }), signup: date, flag: fc.boolean() },
    { requiredKeys: [] },
  ),
  types: fc.constant({ plan: "string", seats: "number", signup: "date", flag: "boolean" } as const),
  stage: fc.constantFrom(null, ...STAGES),
  score: fc.integer({ min: -5, max: 50 }),
  tags: fc.subarray(["a", "b", "c"]),
  events: fc.array(
    fc.tuple(fc.constantFrom("Page Viewed", "Signed Up"), fc.integer({ min: NOW - 60 * DAY, max: NOW }), fc.record({ plan: scalar, seats: scalar }, { requiredKeys: [] })),
    { maxLength: 5 },
  ),
});

const matched = (r: Rule, c: FakeContact) => evaluateRule(r, fakeFacts(c, (actual, f) => compareValue(actual, f, NOW))).matched;

function everyReason(v: Verdict): boolean {
  return v.reason.length > 0 && (v.children ?? []).every(everyReason);
}

describe("rule algebra (property-based)", () => {
  it("not(not r) ≡ r, any([r]) ≡ r, all([r]) ≡ r", () => {
    fc.assert(
      fc.property(rule, contact, (r, c) => {
        const m = matched(r, c);
        expect(matched({ type: "not", rule: { type: "not", rule: r } }, c)).toBe(m);
        expect(matched({ type: "any", rules: [r] }, c)).toBe(m);
        expect(matched({ type: "all", rules: [r] }, c)).toBe(m);
      }),
    );
  });

  it("all([r, not r]) never matches and any([r, not r]) always does", () => {
    fc.assert(
      fc.property(rule, contact, (r, c) => {
        expect(matched({ type: "all", rules: [r, { type: "not", rule: r }] }, c)).toBe(false);
        expect(matched({ type: "any", rules: [r, { type: "not", rule: r }] }, c)).toBe(true);
      }),
    );
  });

  it("follows De Morgan's laws", () => {
    fc.assert(
      fc.property(rule, rule, contact, (a, b, c) => {
        expect(matched({ type: "not", rule: { type: "all", rules: [a, b] } }, c)).toBe(matched({ type: "any", rules: [{ type: "not", rule: a }, { type: "not", rule: b }] }, c));
        expect(matched({ type: "not", rule: { type: "any", rules: [a, b] } }, c)).toBe(matched({ type: "all", rules: [{ type: "not", rule: a }, { type: "not", rule: b }] }, c));
      }),
    );
  });

  it("explains every decision it takes", () => {
    fc.assert(fc.property(rule, contact, (r, c) => everyReason(evaluateRule(r, fakeFacts(c)))));
  });

  it("negative operators are the exact opposites of positive ones", () => {
    const pairs = [["not_equals", "equals"], ["not_contains", "contains"], ["not_in", "in"], ["is_not_set", "is_set"]] as const;
    const actual = fc.oneof(scalar, fc.constant(undefined), fc.constant(null), fc.array(scalar, { maxLength: 2 }));
    const type = fc.constantFrom(undefined, "string" as const, "number" as const, "boolean" as const, "date" as const);
    fc.assert(
      fc.property(actual, operand, type, fc.constantFrom(...pairs), (x, value, t, [negative, positive]) => {
        expect(compareValue(x, { property: "p", op: negative, value }, NOW, t)).toBe(!compareValue(x, { property: "p", op: positive, value }, NOW, t));
      }),
    );
  });
});
