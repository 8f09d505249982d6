import type { ComparisonOp } from "../../../src/schemas/rule.js";
import type { PropertyTypeName } from "../../../src/schemas/property.js";

/** Each comparison operator in words, as a condition reads: "plan is one of …". */
export const OP_LABEL: Record<ComparisonOp, string> = {
  equals: "is",
  not_equals: "is not",
  contains: "contains",
  not_contains: "does not contain",
  starts_with: "starts with",
  ends_with: "ends with",
  in: "is one of",
  not_in: "is none of",
  gt: "is more than",
  gte: "is at least",
  lt: "is less than",
  lte: "is at most",
  between: "is between",
  is_set: "is set",
  is_not_set: "is not set",
  before: "is before",
  after: "is after",
  within_last: "is within the last",
  within_next: "is within the next",
};

/**
 * The operators that mean something for a property of a recorded type (docs/rules.md: text
 * operators read text, ordered ones numbers and dates); an untyped property (or an event's) gets them all.
 */
const BY_TYPE: Record<PropertyTypeName, readonly ComparisonOp[]> = {
  string: ["equals", "not_equals", "contains", "not_contains", "starts_with", "ends_with", "in", "not_in", "is_set", "is_not_set"],
  number: ["equals", "not_equals", "gt", "gte", "lt", "lte", "between", "in", "not_in", "is_set", "is_not_set"],
  boolean: ["equals", "not_equals", "is_set", "is_not_set"],
  date: ["before", "after", "within_last", "within_next", "between", "equals", "not_equals", "is_set", "is_not_set"],
};

const ALL: readonly ComparisonOp[] = Object.keys(OP_LABEL) as ComparisonOp[];

export function opsFor(type: PropertyTypeName | undefined): readonly ComparisonOp[] {
  return type ? BY_TYPE[type] : ALL;
}

/** A starting value for `op` on a property of `type`, keeping what fits of the previous value. */
export function valueFor(op: ComparisonOp, type: PropertyTypeName | undefined, previous: unknown): unknown {
  const scalar = previous !== undefined && (typeof previous !== "object" || previous === null) ? previous : undefined;
  switch (op) {
    case "is_set":
    case "is_not_set":
      return undefined;
    case "in":
    case "not_in":
      return Array.isArray(previous) ? previous : scalar !== undefined && scalar !== "" ? [scalar] : [];
    case "between":
      return type === "date" ? ["", ""] : [0, 10];
    case "within_last":
    case "within_next":
      return { amount: 7, unit: "days" };
    default:
      if (type === "boolean") return typeof scalar === "boolean" ? scalar : true;
      if (type === "number") return typeof scalar === "number" ? scalar : 0;
      return scalar === undefined ? "" : String(scalar);
  }
}
