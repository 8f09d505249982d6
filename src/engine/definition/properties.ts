import { type PropertyType, checkValue, inferType } from "../../contacts/index.js";
import type { Comparison, ComparisonOp } from "../../schemas/rule.js";
import { type Place, type WorkflowProblem, problemAt } from "./problem.js";
import type { WorkflowReferences } from "./references.js";
import type { Sites } from "./sites.js";

/** Property types known to the workflow; `undefined` when a step creates the property with no value. */
type Known = Map<string, PropertyType | undefined>;

/** The operators that make sense for each property type. */
const OPS: Record<PropertyType, ReadonlySet<ComparisonOp>> = {
  string: new Set(["equals", "not_equals", "contains", "not_contains", "starts_with", "ends_with", "in", "not_in", "is_set", "is_not_set"]),
  number: new Set(["equals", "not_equals", "in", "not_in", "gt", "gte", "lt", "lte", "between", "is_set", "is_not_set"]),
  boolean: new Set(["equals", "not_equals", "is_set", "is_not_set"]),
  date: new Set(["equals", "not_equals", "gt", "gte", "lt", "lte", "between", "before", "after", "within_last", "within_next", "is_set", "is_not_set"]),
};

/**
 * Properties the workflow reads must exist with a type that fits how they are used. A property
 * a `set_property` step creates counts as existing; a step setting a recorded property must give
 * a value of its type. A property a webhook's response mapping sets counts as existing, its type
 * known only once a response brings it. The workspace's properties are fetched only when something names one.
 */
export async function checkProperties(sites: Sites, refs: WorkflowReferences): Promise<WorkflowProblem[]> {
  const setters = sites.actions.flatMap((s) => (s.action.kind === "set_property" ? [{ place: s, property: s.action.property, value: s.action.value }] : []));
  const readers = sites.rules.some((s) => s.rule.type === "property") || sites.triggers.some((s) => ["property.changed", "date.due"].includes(s.trigger.type));
  const dateWaits = sites.delays.some((s) => s.wait.kind === "until_date");
  if (setters.length === 0 && !readers && !dateWaits) return [];
  const recorded = await refs.properties();
  const known: Known = new Map(recorded);
  for (const s of setters) if (!known.has(s.property)) known.set(s.property, s.value === null ? undefined : inferType(s.value));
  const mapped = sites.actions.flatMap((s) => (s.action.kind === "webhook" ? (s.action.responseMapping ?? []).map((m) => m.property) : []));
  for (const property of mapped) if (!known.has(property)) known.set(property, undefined);
  return [
    ...setters.flatMap((s) => valueProblems(recorded.get(s.property), s.property, s.value === null ? [] : [s.value], s.place, "value")),
    ...sites.rules.flatMap((s) => (s.rule.type === "property" ? comparisonProblems(known, s.rule, s) : [])),
    ...sites.triggers.flatMap((s) => {
      const t = s.trigger;
      if (t.type === "property.changed") return changeProblems(known, t.property, { from: t.from, to: t.to }, s);
      if (t.type === "date.due") return dateProblems(known, t.property, s, "property");
      return [];
    }),
    ...sites.delays.flatMap((s) => (s.wait.kind === "until_date" ? dateProblems(known, s.wait.property, s, "property") : [])),
  ];
}

/** A property rule: the property must exist, and the operator and value fit its type. */
function comparisonProblems(known: Known, c: Comparison, place: Place): WorkflowProblem[] {
  if (!known.has(c.property)) return [problemAt(place, "property", `unknown property "${c.property}" in ${place.where}`)];
  const type = known.get(c.property);
  if (type === undefined) return [];
  if (!OPS[type].has(c.op)) {
    return [problemAt(place, "op", `"${c.op}" does not apply to the ${type} property "${c.property}" in ${place.where}`)];
  }
  return valueProblems(type, c.property, operands(c), place, "value");
}

/** The values a comparison compares with (the bounds of `between`, the items of `in`). */
function operands(c: Comparison): unknown[] {
  if (c.op === "in" || c.op === "not_in" || c.op === "between") return Array.isArray(c.value) ? c.value : [];
  if (c.op === "is_set" || c.op === "is_not_set" || c.op === "within_last" || c.op === "within_next") return [];
  return [c.value];
}

function valueProblems(type: PropertyType | undefined, property: string, values: unknown[], place: Place, key: string): WorkflowProblem[] {
  if (type === undefined) return [];
  for (const value of values) {
    const checked = checkValue(type, value);
    if (!checked.ok) return [problemAt(place, key, `the value for "${property}" in ${place.where} ${checked.message}`)];
  }
  return [];
}

function changeProblems(known: Known, property: string, values: Record<"from" | "to", unknown>, place: Place): WorkflowProblem[] {
  if (!known.has(property)) return [problemAt(place, "property", `unknown property "${property}" in ${place.where}`)];
  return (["from", "to"] as const).flatMap((key) => {
    const value = values[key];
    return value === undefined || value === null ? [] : valueProblems(known.get(property), property, [value], place, key);
  });
}

function dateProblems(known: Known, property: string, place: Place, key: string): WorkflowProblem[] {
  if (!known.has(property)) return [problemAt(place, key, `unknown property "${property}" in ${place.where}`)];
  const type = known.get(property);
  if (type === undefined || type === "date") return [];
  return [problemAt(place, key, `${place.where} needs a date property, but "${property}" is a ${type}`)];
}
