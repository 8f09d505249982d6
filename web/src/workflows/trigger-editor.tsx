import { Trigger } from "../../../src/schemas/workflow/index.js";
import { ChoiceField, JsonField, NumberField, SelectField, TextField } from "../fields.js";
import { useReferences, useSteps } from "./references.js";

type TriggerType = Trigger["type"];

/** Trigger types with a form, and a new one of each. */
const FRESH: Partial<Record<TriggerType, Trigger>> = {
  event: { type: "event", name: "Signed Up" },
  "tag.added": { type: "tag.added", tag: "vip" },
  "tag.removed": { type: "tag.removed", tag: "vip" },
  "list.joined": { type: "list.joined", listId: "" },
  "list.left": { type: "list.left", listId: "" },
  "segment.entered": { type: "segment.entered", segmentId: "" },
  "segment.exited": { type: "segment.exited", segmentId: "" },
  "form.submitted": { type: "form.submitted", formId: "" },
  "lifecycle.changed": { type: "lifecycle.changed", to: "mql" },
  "property.changed": { type: "property.changed", property: "plan" },
  "score.changed": { type: "score.changed", crossesAbove: 50 },
  "page.viewed": { type: "page.viewed", url: { op: "contains", value: "/pricing" } },
  "email.opened": { type: "email.opened" },
  "email.clicked": { type: "email.clicked" },
  "contact.created": { type: "contact.created" },
  api: { type: "api" },
  "date.due": { type: "date.due", property: "trial_end", offset: { amount: -3, unit: "days" }, at: "10:00" },
  schedule: { type: "schedule", cron: "0 8 * * 1", timezone: "Europe/Paris", listId: "" },
  import: { type: "import" },
};

const NAMES: readonly (readonly [TriggerType, string])[] = [
  ["event", "Custom event"],
  ["list.joined", "Joined a list"],
  ["list.left", "Left a list"],
  ["segment.entered", "Entered a segment"],
  ["segment.exited", "Left a segment"],
  ["form.submitted", "Submitted a form"],
  ["tag.added", "Tag added"],
  ["tag.removed", "Tag removed"],
  ["lifecycle.changed", "Lifecycle stage changed"],
  ["property.changed", "Property changed"],
  ["score.changed", "Score changed"],
  ["page.viewed", "Page viewed"],
  ["email.opened", "Email opened"],
  ["email.clicked", "Email clicked"],
  ["contact.created", "Contact created"],
  ["api", "Enrolled through the API"],
  ["date.due", "A date falls due (JSON)"],
  ["schedule", "On a schedule (JSON)"],
  ["import", "CSV import"],
  ["score.crossed", "Score threshold crossed (JSON)"],
];

/** Refuses JSON that is not a trigger. */
export function acceptTrigger(v: unknown): string | null {
  const r = Trigger.safeParse(v);
  return r.success ? null : `${r.error.issues[0]?.path.join(".") || "trigger"}: ${r.error.issues[0]?.message}`;
}

/** Edits one trigger (or the event a wait-for step waits for: `inRun` offers the step that sent an email). */
export function TriggerEditor({ trigger, onChange, inRun = false, exclude = [] }: { trigger: Trigger; onChange: (t: Trigger) => void; inRun?: boolean; exclude?: TriggerType[] }) {
  const options = NAMES.filter(([t]) => !exclude.includes(t));
  return (
    <>
      <SelectField<TriggerType> label="When" value={trigger.type} options={options} onChange={(t) => onChange(FRESH[t] ?? ({ type: t } as Trigger))} />
      <TriggerFields trigger={trigger} onChange={onChange} inRun={inRun} />
    </>
  );
}

function optional<T extends object, K extends string>(obj: T, key: K, value: unknown): T {
  const copy = { ...obj } as Record<string, unknown>;
  if (value === "" || value === undefined) delete copy[key];
  else copy[key] = value;
  return copy as T;
}

function TriggerFields({ trigger: t, onChange, inRun }: { trigger: Trigger; onChange: (t: Trigger) => void; inRun: boolean }) {
  const refs = useReferences();
  const steps = useSteps();
  switch (t.type) {
    case "event":
      return <TextField label="Event name" value={t.name} onChange={(name) => onChange({ ...t, name })} />;
    case "tag.added":
    case "tag.removed":
      return <TextField label="Tag" value={t.tag} onChange={(tag) => onChange({ ...t, tag })} />;
    case "list.joined":
    case "list.left":
      return <ChoiceField label="List" value={t.listId} choices={refs.lists} onChange={(listId) => onChange({ ...t, listId })} empty="— no list yet —" />;
    case "segment.entered":
    case "segment.exited":
      return <ChoiceField label="Segment" value={t.segmentId} choices={refs.segments} onChange={(segmentId) => onChange({ ...t, segmentId })} empty="— no segment yet —" />;
    case "form.submitted":
      return <ChoiceField label="Form" value={t.formId} choices={refs.forms} onChange={(formId) => onChange({ ...t, formId })} empty="— no form yet —" />;
    case "lifecycle.changed":
      return (
        <>
          <ChoiceField label="From stage (optional)" value={t.from ?? ""} choices={refs.stages} onChange={(v) => onChange(optional(t, "from", v))} />
          <ChoiceField label="To stage (optional)" value={t.to ?? ""} choices={refs.stages} onChange={(v) => onChange(optional(t, "to", v))} />
        </>
      );
    case "property.changed":
      return (
        <>
          <TextField label="Property" value={t.property} onChange={(property) => onChange({ ...t, property })} />
          <TextField label="To value (optional)" value={t.to == null ? "" : String(t.to)} onChange={(v) => onChange(optional(t, "to", v))} />
        </>
      );
    case "score.changed":
      return <NumberField label="Crosses above" value={t.crossesAbove} onChange={(crossesAbove) => onChange({ ...t, crossesAbove })} />;
    case "page.viewed":
      return (
        <>
          <SelectField label="URL" value={t.url.op} options={[["equals", "equals"], ["contains", "contains"], ["starts_with", "starts with"], ["matches", "matches (glob)"]]} onChange={(op) => onChange({ ...t, url: { ...t.url, op } })} />
          <TextField label="URL text" value={t.url.value} onChange={(value) => onChange({ ...t, url: { ...t.url, value } })} />
        </>
      );
    case "email.opened":
    case "email.clicked": {
      const templates = refs.templates?.filter((tp) => tp.channel === "email").map((tp) => ({ id: tp.id, name: tp.name })) ?? null;
      return (
        <>
          {inRun && (
            <ChoiceField
              label="The email sent by step (optional)"
              value={t.nodeId ?? ""}
              choices={steps.filter((s) => s.type === "action").map((s) => ({ id: s.id, name: s.label ? `${s.label} (${s.id})` : s.id }))}
              onChange={(v) => onChange(optional(t, "nodeId", v))}
            />
          )}
          <ChoiceField label="Template (optional)" value={t.templateId ?? ""} choices={templates} onChange={(v) => onChange(optional(t, "templateId", v))} />
        </>
      );
    }
    case "contact.created":
    case "api":
    case "import":
      return null;
    default:
      return <JsonField<Trigger> label="Trigger (JSON)" value={t} onChange={onChange} accept={acceptTrigger} />;
  }
}
