import { useId } from "react";
import type { PropertyDefinitionOut, PropertyTypeName } from "../../../src/schemas/property.js";
import type { Comparison, ComparisonOp } from "../../../src/schemas/rule.js";
import { DurationField, parseScalar, SelectField, TextField, type Unit } from "../fields.js";
import { OP_LABEL, opsFor, valueFor } from "./operators.js";

interface Props {
  comparison: Comparison;
  onChange: (c: Comparison) => void;
  /** Known properties to suggest, with their types; null when there are none to suggest (an event's). */
  properties: PropertyDefinitionOut[] | null;
  propertyLabel: string;
}

/**
 * A property, an operator and a value. A property of the registry gets the operators of its type
 * and an input of that type (number, true/false, date); an unknown one (or an event's) takes any
 * operator and reads numbers and true/false typed as text.
 */
export function ComparisonFields({ comparison, onChange, properties, propertyLabel }: Props) {
  const listId = useId();
  const type = properties?.find((p) => p.name === comparison.property)?.type;
  const ops = opsFor(type);
  const options = (ops.includes(comparison.op) ? ops : [...ops, comparison.op]).map((o) => [o, OP_LABEL[o]] as const);
  function setOp(next: ComparisonOp) {
    const { value: _old, ...rest } = comparison;
    const value = valueFor(next, type, comparison.value);
    onChange(value === undefined ? { ...rest, op: next } : { ...rest, op: next, value });
  }
  function setProperty(property: string) {
    const nextType = properties?.find((p) => p.name === property)?.type;
    if (nextType === type) return onChange({ ...comparison, property });
    // Another type: keep the operator where it still applies, and a value of the new type.
    const nextOp = opsFor(nextType).includes(comparison.op) ? comparison.op : opsFor(nextType)[0]!;
    const { value: _old, ...rest } = comparison;
    const value = valueFor(nextOp, nextType, comparison.value);
    onChange(value === undefined ? { ...rest, property, op: nextOp } : { ...rest, property, op: nextOp, value });
  }
  return (
    <>
      <div className="field">
        <label htmlFor={`${listId}-p`}>{propertyLabel}</label>
        <input id={`${listId}-p`} list={properties?.length ? listId : undefined} value={comparison.property} onChange={(e) => setProperty(e.target.value)} placeholder="e.g. plan" autoComplete="off" />
        {properties && properties.length > 0 && (
          <datalist id={listId}>
            {properties.map((p) => (
              <option key={p.name} value={p.name}>
                {p.type}
              </option>
            ))}
          </datalist>
        )}
        {type && <small className="muted">{type}</small>}
      </div>
      <SelectField label="Operator" value={comparison.op} options={options} onChange={setOp} />
      <ComparisonValue op={comparison.op} type={type} value={comparison.value} onChange={(value) => onChange({ ...comparison, value })} />
    </>
  );
}

function readAs(type: PropertyTypeName | undefined, text: string): unknown {
  if (type === "string" || type === "date") return text;
  if (type === "number") return text.trim() !== "" && Number.isFinite(Number(text)) ? Number(text) : text;
  return parseScalar(text);
}

/** The value input of a comparison, shaped by its operator and the property's type. */
export function ComparisonValue({ op, type, value, onChange }: { op: ComparisonOp; type: PropertyTypeName | undefined; value: unknown; onChange: (v: unknown) => void }) {
  if (op === "is_set" || op === "is_not_set") return null;
  if (op === "in" || op === "not_in")
    return (
      <TextField
        label="Values (comma-separated)"
        value={Array.isArray(value) ? value.join(", ") : ""}
        onChange={(t) => onChange(t.split(",").map((s) => readAs(type, s.trim())).filter((s) => s !== ""))}
      />
    );
  if (op === "between") {
    const [low, high] = Array.isArray(value) ? value : ["", ""];
    return (
      <>
        <ScalarInput label="From" type={type} value={low} onChange={(v) => onChange([v, high])} />
        <ScalarInput label="To" type={type} value={high} onChange={(v) => onChange([low, v])} />
      </>
    );
  }
  if (op === "within_last" || op === "within_next") {
    const d = (value && typeof value === "object" && !Array.isArray(value) ? value : { amount: 7, unit: "days" }) as { amount: number; unit: Unit };
    return <DurationField label="Duration" value={d} onChange={onChange} />;
  }
  const textOnly = ["contains", "not_contains", "starts_with", "ends_with"].includes(op);
  const dateOnly = op === "before" || op === "after";
  return <ScalarInput label="Value" type={textOnly ? "string" : dateOnly ? "date" : type} value={value} onChange={onChange} />;
}

/** One value: true/false for a boolean, a number box for a number, a date picker for a date (other ISO text stays editable as text). */
function ScalarInput({ label, type, value, onChange }: { label: string; type: PropertyTypeName | undefined; value: unknown; onChange: (v: unknown) => void }) {
  const text = value === undefined || value === null ? "" : String(value);
  if (type === "boolean") return <SelectField label={label} value={value === false ? "false" : "true"} options={[["true", "true"], ["false", "false"]]} onChange={(v) => onChange(v === "true")} />;
  if (type === "number") return <TextField label={label} type="number" value={text} onChange={(t) => onChange(readAs("number", t))} />;
  if (type === "date" && (text === "" || /^\d{4}-\d{2}-\d{2}$/.test(text))) return <TextField label={label} type="date" value={text} onChange={onChange} />;
  return <TextField label={label} value={text} onChange={(t) => onChange(readAs(type, t))} hint={type ? undefined : "Numbers and true/false are read as such"} />;
}
