import { ComparisonOp, Rule } from "../../../src/schemas/rule.js";
import { ChoiceField, DurationField, JsonField, NumberField, parseScalar, SelectField, TextField, type Unit } from "./fields.js";
import { useReferences, useSteps } from "./references.js";

type RuleType = Rule["type"] | "json";

const FORMS: readonly (readonly [RuleType, string])[] = [
  ["property", "Property comparison"],
  ["lifecycle", "Lifecycle stage"],
  ["score", "Score"],
  ["tag", "Tag"],
  ["list", "List membership"],
  ["event", "Event count"],
  ["engagement", "Email engagement"],
  ["json", "Other (JSON: all / any / not / segment…)"],
];

/** A new rule of a type, with placeholder values to edit. */
const FRESH: Record<Exclude<RuleType, "json">, Rule> = {
  property: { type: "property", property: "plan", op: "equals", value: "pro" },
  lifecycle: { type: "lifecycle", op: "at_least", stage: "mql" },
  score: { type: "score", op: "gte", value: 50 },
  tag: { type: "tag", op: "has", tag: "vip" },
  list: { type: "list", op: "member", listId: "" },
  segment: { type: "segment", op: "member", segmentId: "" },
  event: { type: "event", name: "Signed Up", count: { op: "gte", value: 1 } },
  engagement: { type: "engagement", action: "clicked", nodeId: "" },
  all: { type: "all", rules: [{ type: "tag", op: "has", tag: "vip" }] },
  any: { type: "any", rules: [{ type: "tag", op: "has", tag: "vip" }] },
  not: { type: "not", rule: { type: "tag", op: "has", tag: "vip" } },
};

const FORM_TYPES = new Set<RuleType>(["property", "lifecycle", "score", "tag", "list", "event", "engagement"]);

/** Refuses JSON that is not a rule, with the first problem. */
export function acceptRule(v: unknown): string | null {
  const r = Rule.safeParse(v);
  return r.success ? null : `${r.error.issues[0]?.path.join(".") || "rule"}: ${r.error.issues[0]?.message}`;
}

/** Edits one rule: a form for the common types, raw JSON for the rest. */
export function RuleEditor({ rule, onChange, label = "Rule" }: { rule: Rule; onChange: (r: Rule) => void; label?: string }) {
  const form: RuleType = FORM_TYPES.has(rule.type) ? rule.type : "json";
  return (
    <fieldset className="rule">
      <legend>{label}</legend>
      <SelectField<RuleType>
        label="Kind of rule"
        value={form}
        options={FORMS}
        onChange={(t) => {
          if (t !== "json") onChange(FRESH[t]);
          else if (form !== "json") onChange({ type: "all", rules: [rule] });
        }}
      />
      <RuleFields rule={rule} onChange={onChange} />
    </fieldset>
  );
}

function RuleFields({ rule, onChange }: { rule: Rule; onChange: (r: Rule) => void }) {
  const refs = useReferences();
  const steps = useSteps();
  switch (rule.type) {
    case "property":
      return <PropertyFields rule={rule} onChange={onChange} />;
    case "lifecycle":
      return (
        <>
          <SelectField label="Stage is" value={rule.op} options={[["is", "is"], ["is_not", "is not"], ["at_least", "at least"], ["at_most", "at most"]]} onChange={(op) => onChange({ ...rule, op })} />
          <ChoiceField label="Stage" value={rule.stage} choices={refs.stages} onChange={(stage) => onChange({ ...rule, stage })} />
        </>
      );
    case "score":
      return (
        <>
          <SelectField label="Score is" value={rule.op === "between" ? "gte" : rule.op} options={[["gte", "≥"], ["gt", ">"], ["lte", "≤"], ["lt", "<"], ["equals", "="]]} onChange={(op) => onChange({ ...rule, op, value: typeof rule.value === "number" ? rule.value : rule.value[0] })} />
          <NumberField label="Value" value={typeof rule.value === "number" ? rule.value : rule.value[0]} step={1} onChange={(value) => onChange({ ...rule, value })} />
        </>
      );
    case "tag":
      return (
        <>
          <SelectField label="Contact" value={rule.op} options={[["has", "has the tag"], ["has_not", "has not the tag"]]} onChange={(op) => onChange({ ...rule, op })} />
          <TextField label="Tag" value={rule.tag} onChange={(tag) => onChange({ ...rule, tag })} />
        </>
      );
    case "list":
      return (
        <>
          <SelectField label="Contact is" value={rule.op} options={[["member", "a member of"], ["not_member", "not a member of"]]} onChange={(op) => onChange({ ...rule, op })} />
          <ChoiceField label="List" value={rule.listId} choices={refs.lists} onChange={(listId) => onChange({ ...rule, listId })} empty="— no list yet —" />
        </>
      );
    case "event":
      return (
        <>
          <TextField label="Event name" value={rule.name} onChange={(name) => onChange({ ...rule, name })} />
          <SelectField label="Count" value={rule.count.op} options={[["gte", "at least"], ["gt", "more than"], ["lte", "at most"], ["lt", "fewer than"], ["equals", "exactly"]]} onChange={(op) => onChange({ ...rule, count: { ...rule.count, op } })} />
          <NumberField label="Times" value={rule.count.value} min={0} onChange={(value) => onChange({ ...rule, count: { ...rule.count, value } })} />
          <WithinField value={rule.within} onChange={(within) => onChange(withWithin(rule, within))} />
        </>
      );
    case "engagement":
      return (
        <>
          <SelectField label="Contact" value={rule.action} options={[["opened", "opened"], ["clicked", "clicked"]]} onChange={(action) => onChange({ ...rule, action })} />
          <ChoiceField
            label="The email sent by step"
            value={rule.nodeId ?? ""}
            choices={steps.filter((s) => s.type === "action").map((s) => ({ id: s.id, name: s.label ? `${s.label} (${s.id})` : s.id }))}
            onChange={(nodeId) => onChange({ type: "engagement", action: rule.action, nodeId, ...(rule.within ? { within: rule.within } : {}) })}
          />
          <WithinField value={rule.within} onChange={(within) => onChange(withWithin(rule, within))} />
        </>
      );
    default:
      return <JsonField<Rule> label="Rule (JSON)" value={rule} onChange={onChange} accept={acceptRule} rows={8} hint="See docs/workflow-format.md#rules" />;
  }
}

function withWithin<R extends { within?: { amount: number; unit: Unit } }>(rule: R, within: { amount: number; unit: Unit } | undefined): R {
  const { within: _old, ...rest } = rule;
  return (within ? { ...rest, within } : rest) as R;
}

function WithinField({ value, onChange }: { value: { amount: number; unit: Unit } | undefined; onChange: (v: { amount: number; unit: Unit } | undefined) => void }) {
  return (
    <>
      <SelectField label="In a time window" value={value ? "yes" : "no"} options={[["no", "ever"], ["yes", "within…"]]} onChange={(v) => onChange(v === "yes" ? { amount: 7, unit: "days" } : undefined)} />
      {value && <DurationField label="Within the last" value={value} onChange={onChange} />}
    </>
  );
}

const OPS = ComparisonOp.options.map((op) => [op, op.replace(/_/g, " ")] as const);

function PropertyFields({ rule, onChange }: { rule: Extract<Rule, { type: "property" }>; onChange: (r: Rule) => void }) {
  const setOp = (op: ComparisonOp) => {
    const { value: _v, ...rest } = rule;
    if (op === "is_set" || op === "is_not_set") onChange({ ...rest, op });
    else if (op === "in" || op === "not_in") onChange({ ...rest, op, value: Array.isArray(rule.value) ? rule.value : [rule.value ?? ""] });
    else if (op === "between") onChange({ ...rest, op, value: [0, 10] });
    else if (op === "within_last" || op === "within_next") onChange({ ...rest, op, value: { amount: 7, unit: "days" } });
    else onChange({ ...rest, op, value: Array.isArray(rule.value) || typeof rule.value === "object" ? "" : (rule.value ?? "") });
  };
  return (
    <>
      <TextField label="Property" value={rule.property} onChange={(property) => onChange({ ...rule, property })} />
      <SelectField label="Operator" value={rule.op} options={OPS} onChange={setOp} />
      <ComparisonValue op={rule.op} value={rule.value} onChange={(value) => onChange({ ...rule, value })} />
    </>
  );
}

/** The value input of a comparison, shaped by its operator. */
export function ComparisonValue({ op, value, onChange }: { op: ComparisonOp; value: unknown; onChange: (v: unknown) => void }) {
  if (op === "is_set" || op === "is_not_set") return null;
  if (op === "in" || op === "not_in")
    return <TextField label="Values (comma-separated)" value={Array.isArray(value) ? value.join(", ") : ""} onChange={(t) => onChange(t.split(",").map((s) => parseScalar(s.trim())).filter((s) => s !== ""))} />;
  if (op === "between") {
    const [low, high] = Array.isArray(value) ? value : [0, 0];
    return (
      <>
        <TextField label="From" value={String(low ?? "")} onChange={(t) => onChange([parseScalar(t), high])} />
        <TextField label="To" value={String(high ?? "")} onChange={(t) => onChange([low, parseScalar(t)])} />
      </>
    );
  }
  if (op === "within_last" || op === "within_next") {
    const d = (value && typeof value === "object" ? value : { amount: 7, unit: "days" }) as { amount: number; unit: Unit };
    return <DurationField label="Duration" value={d} onChange={onChange} />;
  }
  const text = ["contains", "not_contains", "starts_with", "ends_with", "before", "after"].includes(op);
  return <TextField label="Value" value={value === undefined ? "" : String(value)} onChange={(t) => onChange(text ? t : parseScalar(t))} hint={text ? undefined : "Numbers and true/false are read as such"} />;
}
