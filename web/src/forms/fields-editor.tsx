import { useId } from "react";
import type { FormFieldType } from "../../../src/schemas/form.js";
import { problemAt, TextField, type Problems } from "../kit/index.js";
import { newField, type FieldDraft } from "./form-draft.js";

const TYPES: { type: FormFieldType; label: string }[] = [
  { type: "email", label: "Email" },
  { type: "text", label: "Text" },
  { type: "textarea", label: "Long text" },
  { type: "number", label: "Number" },
  { type: "checkbox", label: "Checkbox (yes/no)" },
  { type: "select", label: "Choice (select)" },
  { type: "hidden", label: "Hidden (campaign, source…)" },
];

interface Props {
  fields: FieldDraft[];
  onChange: (fields: FieldDraft[]) => void;
  problems: Problems | null;
  /** Known contact property names, suggested for "Sets the contact property". */
  properties: string[];
}

/** The form's fields in order: each with its label, type, the contact property it sets and whether it is required. */
export function FieldsEditor({ fields, onChange, problems, properties }: Props) {
  const listId = useId();
  const set = (i: number, field: FieldDraft) => onChange(fields.map((f, j) => (j === i ? field : f)));
  const move = (i: number, by: number) => {
    const next = [...fields];
    const [f] = next.splice(i, 1);
    next.splice(i + by, 0, f!);
    onChange(next);
  };
  return (
    <section aria-labelledby="fields-title" className="fields">
      <h3 id="fields-title">Fields</h3>
      {problemAt(problems, "definition.fields") && !fields.some((_, i) => problemAt(problems, `definition.fields.${i}`)) && (
        <p className="kit-problem">{problems?.byField.get("definition.fields")}</p>
      )}
      <datalist id={listId}>
        <option value="email">the contact's email address</option>
        {properties.map((p) => (
          <option key={p} value={p} />
        ))}
      </datalist>
      {fields.map((f, i) => (
        <FieldRow
          key={f.key}
          field={f}
          index={i}
          count={fields.length}
          listId={listId}
          problems={problems}
          onChange={(next) => set(i, next)}
          onMove={(by) => move(i, by)}
          onRemove={() => onChange(fields.filter((_, j) => j !== i))}
        />
      ))}
      <button type="button" className="secondary" onClick={() => onChange([...fields, newField()])}>
        Add a field
      </button>
    </section>
  );
}

interface RowProps {
  field: FieldDraft;
  index: number;
  count: number;
  listId: string;
  problems: Problems | null;
  onChange: (field: FieldDraft) => void;
  onMove: (by: number) => void;
  onRemove: () => void;
}

function FieldRow({ field: f, index: i, count, listId, problems, onChange, onMove, onRemove }: RowProps) {
  const typeId = useId();
  const at = (key: string) => problemAt(problems, `definition.fields.${i}.${key}`);
  const n = i + 1;
  // The HTML name follows the label until someone edits it.
  const setLabel = (label: string) => onChange({ ...f, label, name: f.name === "" || f.name === nameOf(f.label) ? nameOf(label) : f.name });
  return (
    <fieldset className="field-row">
      <legend>
        Field {n}
        {f.label ? `: ${f.label}` : ""}
      </legend>
      <div className="grid-2">
        <TextField label={`Label of field ${n}`} value={f.label} onChange={setLabel} problem={at("label")} required />
        <TextField label={`Name of field ${n}`} hint="Its HTML name: a letter, then letters, digits, _ or -." value={f.name} onChange={(name) => onChange({ ...f, name })} problem={at("name")} required />
        <div className="kit-field">
          <label htmlFor={typeId}>Type of field {n}</label>
          <select id={typeId} value={f.type} onChange={(e) => onChange({ ...f, type: e.target.value as FormFieldType })} aria-invalid={at("type") ? true : undefined}>
            {TYPES.map((t) => (
              <option key={t.type} value={t.type}>
                {t.label}
              </option>
            ))}
          </select>
          {at("type") && <span className="kit-problem">{at("type")}</span>}
        </div>
        <TextField
          label={`Contact property set by field ${n}`}
          hint={'"email" for the contact\'s address; empty to keep the value in the submission only.'}
          value={f.property}
          onChange={(property) => onChange({ ...f, property })}
          problem={at("property")}
          list={listId}
        />
      </div>
      {f.type === "select" && (
        <TextField label={`Choices of field ${n}`} multiline hint="One a line: value | Label (or the value alone)." value={f.options} onChange={(options) => onChange({ ...f, options })} problem={at("options")} />
      )}
      <div className="grid-2">
        {f.type !== "hidden" && f.type !== "checkbox" && (
          <TextField label={`Placeholder of field ${n}`} value={f.placeholder} onChange={(placeholder) => onChange({ ...f, placeholder })} problem={at("placeholder")} />
        )}
        <TextField
          label={f.type === "hidden" ? `Value of field ${n}` : `Initial value of field ${n}`}
          hint={f.type === "hidden" ? "Unless the page's address gives one (?name=value)." : undefined}
          value={f.value}
          onChange={(value) => onChange({ ...f, value })}
          problem={at("value")}
        />
      </div>
      <div className="row-actions">
        <label className="kit-check">
          <input type="checkbox" checked={f.required || f.property === "email"} disabled={f.property === "email"} onChange={(e) => onChange({ ...f, required: e.target.checked })} /> Required
          {f.property === "email" && <span className="muted"> (the email field always is)</span>}
        </label>
        <button type="button" className="secondary" aria-label={`Move field ${n} up`} disabled={i === 0} onClick={() => onMove(-1)}>
          ↑
        </button>
        <button type="button" className="secondary" aria-label={`Move field ${n} down`} disabled={i === count - 1} onClick={() => onMove(1)}>
          ↓
        </button>
        <button type="button" className="secondary" aria-label={`Remove field ${n}`} disabled={count === 1} onClick={onRemove}>
          Remove
        </button>
      </div>
    </fieldset>
  );
}

/** `First name` → `first_name`: a valid HTML name for the field. */
function nameOf(label: string): string {
  const slug = label
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^[^a-z]+|_+$/g, "")
    .slice(0, 64);
  return slug;
}
