import type { Comparison, ComparisonOp } from "../../../src/schemas/rule.js";

/** The comparisons the settings forms offer, in words; the API takes every operator of docs/rules.md. */
export const OPS: { op: ComparisonOp; label: string; takesValue: boolean }[] = [
  { op: "equals", label: "is", takesValue: true },
  { op: "not_equals", label: "is not", takesValue: true },
  { op: "contains", label: "contains", takesValue: true },
  { op: "not_contains", label: "does not contain", takesValue: true },
  { op: "starts_with", label: "starts with", takesValue: true },
  { op: "gt", label: ">", takesValue: true },
  { op: "gte", label: "≥", takesValue: true },
  { op: "lt", label: "<", takesValue: true },
  { op: "lte", label: "≤", takesValue: true },
  { op: "is_set", label: "is set", takesValue: false },
  { op: "is_not_set", label: "is not set", takesValue: false },
];

const TEXT_OPS = new Set<ComparisonOp>(["contains", "not_contains", "starts_with", "ends_with"]);

/**
 * The comparison typed in the form: a value that reads as a number or true/false is sent as one
 * (a property recorded as a number compares with numbers), except for the text operators.
 */
export function comparisonOf(property: string, op: ComparisonOp, value: string): Comparison {
  const takes = OPS.find((o) => o.op === op)?.takesValue ?? true;
  if (!takes) return { property: property.trim(), op };
  return { property: property.trim(), op, value: TEXT_OPS.has(op) ? value : scalarOf(value) };
}

function scalarOf(text: string): string | number | boolean {
  const t = text.trim();
  if (t === "true" || t === "false") return t === "true";
  if (t !== "" && Number.isFinite(Number(t))) return Number(t);
  return text;
}

/** `url contains "/pricing"`, `employees ≥ 200`. */
export function describeComparison(c: Comparison): string {
  const op = OPS.find((o) => o.op === c.op)?.label ?? c.op.replace(/_/g, " ");
  return c.value === undefined ? `${c.property} ${op}` : `${c.property} ${op} ${JSON.stringify(c.value)}`;
}
