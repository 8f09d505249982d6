import type { Comparison, Rule } from "../../../src/schemas/rule.js";
import { NumberField, SelectField, TextField } from "../fields.js";
import { ComparisonFields } from "./comparison-fields.js";
import { WindowField, withWindow } from "./window-field.js";

type EventRule = Extract<Rule, { type: "event" }>;
type How = "did" | "did_not" | "gte" | "gt" | "lte" | "lt" | "equals";

const HOW: readonly (readonly [How, string])[] = [
  ["did", "did it"],
  ["did_not", "never did it"],
  ["gte", "did it at least"],
  ["gt", "did it more than"],
  ["lte", "did it at most"],
  ["lt", "did it fewer than"],
  ["equals", "did it exactly"],
];

function howOf(count: EventRule["count"]): How {
  if (count.op === "gte" && count.value === 1) return "did";
  if (count.op === "equals" && count.value === 0) return "did_not";
  return count.op;
}

function countOf(how: How, previous: number): EventRule["count"] {
  if (how === "did") return { op: "gte", value: 1 };
  if (how === "did_not") return { op: "equals", value: 0 };
  // A count that would read back as "did" / "never did" starts at 2 instead.
  return { op: how, value: Math.max(previous, 2) };
}

/** "Did (not) do event X (at least N times) (in the last N days), where its properties …". */
export function EventFields({ rule, onChange }: { rule: EventRule; onChange: (r: Rule) => void }) {
  const how = howOf(rule.count);
  const filters = rule.filters ?? [];
  const setFilters = (next: Comparison[]) => {
    const { filters: _old, ...rest } = rule;
    onChange(next.length ? { ...rest, filters: next } : rest);
  };
  return (
    <>
      <TextField label="Event" value={rule.name} onChange={(name) => onChange({ ...rule, name })} placeholder="e.g. Page Viewed" />
      <SelectField label="Contact" value={how} options={HOW} onChange={(h) => onChange({ ...rule, count: countOf(h, rule.count.value) })} />
      {how !== "did" && how !== "did_not" && <NumberField label="Times" value={rule.count.value} min={0} onChange={(value) => onChange({ ...rule, count: { ...rule.count, value } })} />}
      <WindowField value={rule.within} onChange={(within) => onChange(withWindow(rule, within))} />
      {filters.map((f, i) => (
        <fieldset key={i} className="rule-filter" aria-label={`Event filter ${i + 1}`}>
          <ComparisonFields comparison={f} onChange={(c) => setFilters(filters.map((x, j) => (j === i ? c : x)))} properties={null} propertyLabel="Where the event's property" />
          <button type="button" className="link" onClick={() => setFilters(filters.filter((_, j) => j !== i))} aria-label={`Remove event filter ${i + 1}`}>
            Remove
          </button>
        </fieldset>
      ))}
      <button type="button" className="link rule-add-filter" onClick={() => setFilters([...filters, { property: "", op: "equals", value: "" }])}>
        + Filter on the event's properties
      </button>
    </>
  );
}
