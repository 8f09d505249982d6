import { useEffect, useId, useState } from "react";
import { NodeId } from "../../../src/schemas/workflow/index.js";
import type { Rule } from "../../../src/schemas/rule.js";
import { ActionEditor } from "./action-editor.js";
import { NumberField, TextField } from "../fields.js";
import type { StepNode } from "./graph.js";
import { outHandles, type Step } from "./handles.js";
import { RuleEditor } from "./rule-editor.js";
import { STEP_KIND } from "./step-kinds.js";
import { DelayEditor, WaitForEditor } from "./wait-editor.js";

const DEFAULT_RULE: Rule = { type: "tag", op: "has", tag: "vip" };

export interface StepPanelProps {
  node: StepNode;
  /** Ids of every step, for the "goes to" pickers and renaming. */
  stepIds: string[];
  /** The target of each of the node's handles (an edge, or a dangling id). */
  targets: Record<string, string | undefined>;
  problems: string[];
  onChange: (step: Step) => void;
  onRename: (id: string) => void;
  onConnect: (handle: string, target: string | null) => void;
  /** An item of a branch's or split's list was removed: its handle goes and later ones move up. */
  onRemoveItem: (prefix: "branch:" | "variant:", index: number, step: Step) => void;
  onDelete: () => void;
  onClose: () => void;
  readOnly: boolean;
}

/** The side panel of the selected step: its id, label, fields, where each handle goes, delete. */
export function StepPanel(p: StepPanelProps) {
  const step = p.node.data.step;
  const kind = STEP_KIND[step.type];
  return (
    <aside className="wf-panel" aria-labelledby="step-panel-title">
      <div className="panel-head">
        <h2 id="step-panel-title">
          {kind.title} <code>{p.node.id}</code>
        </h2>
        <button type="button" className="link" onClick={p.onClose}>
          Close
        </button>
      </div>
      {p.problems.length > 0 && (
        <ul className="wf-problems" aria-label="Problems with this step">
          {p.problems.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      )}
      <fieldset disabled={p.readOnly} className="wf-fields">
        <RenameField id={p.node.id} taken={p.stepIds} onRename={p.onRename} />
        <TextField label="Label (shown on the canvas)" value={step.label ?? ""} onChange={(label) => p.onChange(withLabel(step, label))} />
        <StepFields {...p} step={step} />
        {outHandles(step).length > 0 && (
          <fieldset className="wf-connections">
            <legend>Goes to</legend>
            {outHandles(step).map((h) => (
              <TargetSelect key={h.id} label={h.label} value={p.targets[h.id]} options={p.stepIds.filter((id) => id !== p.node.id)} onChange={(t) => p.onConnect(h.id, t)} />
            ))}
          </fieldset>
        )}
        <button type="button" className="danger" onClick={p.onDelete}>
          Delete step
        </button>
      </fieldset>
    </aside>
  );
}

function withLabel(step: Step, label: string): Step {
  const { label: _l, ...rest } = step;
  return (label ? { ...rest, label } : rest) as Step;
}

function RenameField({ id, taken, onRename }: { id: string; taken: string[]; onRename: (id: string) => void }) {
  const inputId = useId();
  const [text, setText] = useState(id);
  useEffect(() => setText(id), [id]);
  const error = text === id ? null : !NodeId.safeParse(text).success ? "Ids start with a letter, then letters, digits, _ or -" : taken.includes(text) ? "Another step has this id" : null;
  const apply = () => {
    if (text !== id && !error) onRename(text);
  };
  return (
    <div className="field">
      <label htmlFor={inputId}>Step id</label>
      <input
        id={inputId}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => e.key === "Enter" && apply()}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${inputId}-msg`}
      />
      <small id={`${inputId}-msg`} className={error ? "field-error" : "muted"}>
        {error ?? "Press Enter to rename; engagement rules naming the old id are not changed."}
      </small>
    </div>
  );
}

function TargetSelect({ label, value, options, onChange }: { label: string; value: string | undefined; options: string[]; onChange: (t: string | null) => void }) {
  const id = useId();
  const missing = value !== undefined && !options.includes(value);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ""} onChange={(e) => onChange(e.target.value || null)}>
        <option value="">— not connected —</option>
        {missing && <option value={value}>{value} (does not exist)</option>}
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </div>
  );
}

function StepFields(p: StepPanelProps & { step: Step }) {
  const { step, onChange } = p;
  switch (step.type) {
    case "action":
      return <ActionEditor action={step.action} onChange={(action) => onChange({ ...step, action })} />;
    case "condition":
      return <RuleEditor rule={step.rule} onChange={(rule) => onChange({ ...step, rule })} label="Yes when" />;
    case "branch":
      return (
        <>
          {step.branches.map((b, i) => (
            <fieldset key={i} className="wf-item">
              <legend>Branch {i + 1}</legend>
              <TextField label="Name" value={b.name} onChange={(name) => onChange({ ...step, branches: step.branches.map((x, j) => (j === i ? { ...x, name } : x)) })} />
              <RuleEditor rule={b.rule} onChange={(rule) => onChange({ ...step, branches: step.branches.map((x, j) => (j === i ? { ...x, rule } : x)) })} label="Taken when" />
              {step.branches.length > 1 && (
                <button type="button" className="secondary" onClick={() => p.onRemoveItem("branch:", i, { ...step, branches: step.branches.filter((_, j) => j !== i) })}>
                  Remove branch {i + 1}
                </button>
              )}
            </fieldset>
          ))}
          {step.branches.length < 20 && (
            <button type="button" className="secondary" onClick={() => onChange({ ...step, branches: [...step.branches, { name: `Branch ${step.branches.length + 1}`, rule: DEFAULT_RULE } as (typeof step.branches)[number]] })}>
              Add a branch
            </button>
          )}
        </>
      );
    case "split":
      return (
        <>
          {step.variants.map((v, i) => (
            <fieldset key={i} className="wf-item">
              <legend>Variant {i + 1}</legend>
              <TextField label="Name" value={v.name} onChange={(name) => onChange({ ...step, variants: step.variants.map((x, j) => (j === i ? { ...x, name } : x)) })} />
              <NumberField label="Weight" value={v.weight} min={1} max={10000} onChange={(weight) => onChange({ ...step, variants: step.variants.map((x, j) => (j === i ? { ...x, weight } : x)) })} />
              {step.variants.length > 2 && (
                <button type="button" className="secondary" onClick={() => p.onRemoveItem("variant:", i, { ...step, variants: step.variants.filter((_, j) => j !== i) })}>
                  Remove variant {i + 1}
                </button>
              )}
            </fieldset>
          ))}
          {step.variants.length < 10 && (
            <button type="button" className="secondary" onClick={() => onChange({ ...step, variants: [...step.variants, { name: String.fromCharCode(65 + step.variants.length), weight: 1 } as (typeof step.variants)[number]] })}>
              Add a variant
            </button>
          )}
        </>
      );
    case "delay":
      return <DelayEditor wait={step.wait} onChange={(wait) => onChange({ ...step, wait })} />;
    case "wait_for":
      return <WaitForEditor step={step} onChange={onChange} />;
    case "jump":
      return <NumberField label="At most this many times per run" value={step.maxTimes} min={1} max={100} onChange={(maxTimes) => onChange({ ...step, maxTimes })} />;
    case "goal":
      return <TextField label="Goal name" value={step.name ?? ""} onChange={(name) => onChange(name ? { ...step, name } : { id: step.id, type: "goal", ...(step.label ? { label: step.label } : {}) })} />;
    case "end":
      return <p className="muted">The run ends here.</p>;
  }
}

