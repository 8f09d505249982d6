import { describe, expect, it } from "vitest";
import type { PropertyType } from "../contacts/index.js";
import type { Comparison } from "../schemas/rule.js";
import { compareValue, judgeComparison } from "./compare.js";

const NOW = Date.parse("2026-03-15T12:00:00.000Z");
const days = (n: number) => ({ amount: n, unit: "days" });

type Row = [actual: unknown, op: Comparison["op"], value: unknown, expected: boolean, type?: PropertyType];

function check(rows: Row[]) {
  it.each(rows.map(([actual, op, value, expected, type]) => ({ actual, op, value, expected, type })))(
    "$actual $op $value ($type) → $expected",
    ({ actual, op, value, expected, type }) => {
      expect(compareValue(actual, { property: "p", op, value }, NOW, type)).toBe(expected);
    },
  );
}

describe("compareValue on strings", () => {
  check([
    ["pro", "equals", "pro", true, "string"],
    ["Pro", "equals", "pro", false, "string"],
    ["pro", "not_equals", "pro", false, "string"],
    ["Pro", "not_equals", "pro", true, "string"],
    ["Acme Corp", "contains", "acme", true, "string"],
    ["Acme Corp", "contains", "CORP", true, "string"],
    ["Acme Corp", "contains", "inc", false, "string"],
    ["Acme Corp", "not_contains", "ACME", false, "string"],
    ["Acme Corp", "not_contains", "inc", true, "string"],
    ["https://x.io/Pricing", "starts_with", "HTTPS://", true, "string"],
    ["https://x.io/Pricing", "starts_with", "x.io", false, "string"],
    ["ann@Example.com", "ends_with", "@example.COM", true, "string"],
    ["ann@example.com", "ends_with", "@example.org", false, "string"],
    ["pro", "in", ["free", "pro"], true, "string"],
    ["Pro", "in", ["free", "pro"], false, "string"],
    ["pro", "not_in", ["free", "pro"], false, "string"],
    ["team", "not_in", ["free", "pro"], true, "string"],
    ["pro", "is_set", undefined, true, "string"],
    ["", "is_set", undefined, true, "string"],
    ["pro", "is_not_set", undefined, false, "string"],
    // Only numbers and dates are ordered.
    ["b", "gt", "a", false, "string"],
    ["b", "between", ["a", "c"], false, "string"],
    ["2026-01-01", "after", "2025-01-01", false, "string"],
    // The operand is read as the property's type.
    ["42", "equals", 42, true, "string"],
    ["true", "in", [true], true, "string"],
  ]);
});

describe("compareValue on numbers", () => {
  check([
    [10, "equals", 10, true, "number"],
    [10, "equals", 10.5, false, "number"],
    [10, "equals", "10", true, "number"],
    [10, "equals", "ten", false, "number"],
    [10, "not_equals", 11, true, "number"],
    [10, "not_equals", 10, false, "number"],
    [10, "in", [1, 10], true, "number"],
    [10, "in", ["10"], true, "number"],
    [10, "not_in", [1, 2], true, "number"],
    [10, "gt", 9, true, "number"],
    [10, "gt", 10, false, "number"],
    [10, "gte", 10, true, "number"],
    [10, "gte", 11, false, "number"],
    [10, "lt", 11, true, "number"],
    [10, "lt", 10, false, "number"],
    [10, "lte", 10, true, "number"],
    [10, "lte", 9, false, "number"],
    [10, "between", [10, 20], true, "number"],
    [20, "between", [10, 20], true, "number"],
    [9.99, "between", [10, 20], false, "number"],
    [20.01, "between", [10, 20], false, "number"],
    [15, "between", [20, 10], false, "number"],
    [0, "is_set", undefined, true, "number"],
    [123, "contains", "2", false, "number"],
    [123, "not_contains", "2", true, "number"],
  ]);
});

describe("compareValue on booleans", () => {
  check([
    [true, "equals", true, true, "boolean"],
    [false, "equals", true, false, "boolean"],
    [false, "equals", "false", true, "boolean"],
    [false, "not_equals", true, true, "boolean"],
    [true, "in", [true], true, "boolean"],
    [false, "not_in", [true], true, "boolean"],
    [false, "is_set", undefined, true, "boolean"],
    [true, "gt", 0, false, "boolean"],
  ]);
});

describe("compareValue on dates", () => {
  const at = "2026-03-10T08:30:00.000Z";
  check([
    ["2026-01-05T00:00:00.000Z", "equals", "2026-01-05", true, "date"],
    ["2026-01-05T00:00:00.000Z", "equals", "2026-01-05T01:00:00+01:00", true, "date"],
    ["2026-01-05T10:00:00.000Z", "equals", "2026-01-05", false, "date"],
    ["2026-01-05T10:00:00.000Z", "not_equals", "2026-01-05", true, "date"],
    ["2026-01-05T00:00:00.000Z", "in", ["2026-01-04", "2026-01-05"], true, "date"],
    [at, "before", "2026-03-11", true, "date"],
    [at, "before", "2026-03-10", false, "date"],
    [at, "before", at, false, "date"],
    [at, "after", "2026-03-10", true, "date"],
    [at, "after", "2026-03-10T08:30:00Z", false, "date"],
    [at, "gt", "2026-03-10", true, "date"],
    [at, "gte", at, true, "date"],
    [at, "lt", "2026-03-11", true, "date"],
    [at, "lte", "2026-03-10", false, "date"],
    [at, "between", ["2026-03-01", "2026-03-31"], true, "date"],
    // A date-only bound is midnight UTC, so the upper bound day itself is mostly outside.
    [at, "between", ["2026-03-01", "2026-03-10"], false, "date"],
    ["2026-03-10T00:00:00.000Z", "between", ["2026-03-01", "2026-03-10"], true, "date"],
    [at, "within_last", days(7), true, "date"],
    ["2026-03-08T12:00:00.000Z", "within_last", days(7), true, "date"],
    ["2026-03-08T11:59:59.999Z", "within_last", days(7), false, "date"],
    ["2026-03-16T00:00:00.000Z", "within_last", days(7), false, "date"],
    ["2026-03-16T00:00:00.000Z", "within_next", days(1), true, "date"],
    ["2026-03-16T12:00:00.001Z", "within_next", days(1), false, "date"],
    [at, "within_next", days(7), false, "date"],
    ["2026-02-15T12:00:00.000Z", "within_last", { amount: 1, unit: "months" }, true, "date"],
    ["2026-02-15T11:00:00.000Z", "within_last", { amount: 1, unit: "months" }, false, "date"],
    ["2026-03-15T11:30:00.000Z", "within_last", { amount: 1, unit: "hours" }, true, "date"],
    // Dates are text too, for the text operators.
    [at, "starts_with", "2026-03", true, "date"],
    [at, "is_set", undefined, true, "date"],
    [at, "before", "not a date", false, "date"],
    [at, "before", "2026-02-30", false, "date"],
  ]);
});

describe("compareValue on a missing value", () => {
  const ops: Array<[Comparison["op"], unknown, boolean]> = [
    ["equals", "x", false],
    ["not_equals", "x", true],
    ["contains", "x", false],
    ["not_contains", "x", true],
    ["starts_with", "x", false],
    ["ends_with", "x", false],
    ["in", ["x"], false],
    ["not_in", ["x"], true],
    ["gt", 1, false],
    ["gte", 1, false],
    ["lt", 1, false],
    ["lte", 1, false],
    ["between", [1, 2], false],
    ["is_set", undefined, false],
    ["is_not_set", undefined, true],
    ["before", "2026-01-01", false],
    ["after", "2026-01-01", false],
    ["within_last", days(1), false],
    ["within_next", days(1), false],
  ];
  it.each(ops)("%s is %s → %s for undefined and null", (op, value, expected) => {
    expect(compareValue(undefined, { property: "p", op, value }, NOW, "string")).toBe(expected);
    expect(compareValue(null, { property: "p", op, value }, NOW)).toBe(expected);
  });
});

describe("compareValue without a recorded type (event properties)", () => {
  check([
    ["/pricing", "contains", "PRICING", true],
    [49.9, "gte", 40, true],
    [49.9, "equals", "49.9", true],
    [true, "equals", true, true],
    ["2026-03-14", "within_last", days(2), true],
    ["2026-03-14T00:00:00Z", "equals", "2026-03-14", true],
    ["12", "gt", 10, false],
    [{ nested: 1 }, "is_set", undefined, true],
    [{ nested: 1 }, "equals", "x", false],
    [{ nested: 1 }, "not_equals", "x", true],
    [[1, 2], "contains", "1", false],
  ]);
});

describe("judgeComparison", () => {
  it("says why an operator cannot apply", () => {
    expect(judgeComparison("b", { property: "p", op: "gt", value: "a" }, NOW, "string")).toEqual({
      matched: false,
      problem: "only numbers and dates are ordered, the value is a string",
    });
    expect(judgeComparison(10, { property: "p", op: "equals", value: "ten" }, NOW, "number")).toEqual({ matched: false, problem: '"ten" is not a number' });
    expect(judgeComparison(10, { property: "p", op: "not_equals", value: "ten" }, NOW, "number").matched).toBe(true);
  });
});
