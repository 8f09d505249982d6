import type { Rule } from "../../../src/schemas/rule.js";
import type { Trigger } from "../../../src/schemas/workflow/index.js";
import { CheckField, DurationField, SelectField, TextField } from "../fields.js";
import type { DefinitionBase } from "./graph.js";
import { RuleEditor } from "./rule-editor.js";
import { TriggerEditor } from "./trigger-editor.js";

const SOME_RULE: Rule = { type: "lifecycle", op: "at_least", stage: "customer" };
type Entry = NonNullable<DefinitionBase["entry"]>;

/** The side panel of the trigger node: triggers, entry filter and re-enrolment, goal, exit. */
export function TriggerPanel({ base, onChange, problems, onClose, readOnly }: { base: DefinitionBase; onChange: (b: DefinitionBase) => void; problems: string[]; onClose: () => void; readOnly: boolean }) {
  const entry: Entry = base.entry ?? { reEnrolment: { mode: "never" }, allowConcurrentRuns: false };
  const setTrigger = (i: number, t: Trigger) => onChange({ ...base, triggers: base.triggers.map((x, j) => (j === i ? t : x)) });
  const setEntry = (e: Entry) => onChange({ ...base, entry: e });
  return (
    <aside className="wf-panel" aria-labelledby="trigger-panel-title">
      <div className="panel-head">
        <h2 id="trigger-panel-title">Triggers and rules</h2>
        <button type="button" className="link" onClick={onClose}>
          Close
        </button>
      </div>
      {problems.length > 0 && (
        <ul className="wf-problems" aria-label="Problems with the triggers and rules">
          {problems.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      )}
      <fieldset disabled={readOnly} className="wf-fields">
        <p className="muted">Any of these triggers enrols the contact; the run starts at the step the trigger node connects to.</p>
        {base.triggers.map((t, i) => (
          <fieldset key={i} className="wf-item">
            <legend>Trigger {i + 1}</legend>
            <TriggerEditor trigger={t} onChange={(next) => setTrigger(i, next)} />
            {base.triggers.length > 1 && (
              <button type="button" className="secondary" onClick={() => onChange({ ...base, triggers: base.triggers.filter((_, j) => j !== i) })}>
                Remove trigger {i + 1}
              </button>
            )}
          </fieldset>
        ))}
        {base.triggers.length < 20 && (
          <button type="button" className="secondary" onClick={() => onChange({ ...base, triggers: [...base.triggers, { type: "event", name: "Signed Up" }] })}>
            Add a trigger
          </button>
        )}

        <h3>Entry</h3>
        <SelectField
          label="Re-enrolment"
          value={entry.reEnrolment.mode}
          options={[["never", "Once only"], ["always", "Every time a trigger fires"], ["after", "Again after a cooldown"]]}
          onChange={(mode) => setEntry({ ...entry, reEnrolment: mode === "after" ? { mode, cooldown: { amount: 30, unit: "days" } } : { mode } })}
        />
        {entry.reEnrolment.mode === "after" && <DurationField label="Cooldown" value={entry.reEnrolment.cooldown} onChange={(cooldown) => setEntry({ ...entry, reEnrolment: { mode: "after", cooldown } })} />}
        <CheckField label="Allow several runs at once per contact" checked={entry.allowConcurrentRuns} onChange={(allowConcurrentRuns) => setEntry({ ...entry, allowConcurrentRuns })} />
        <OptionalRule
          title="Entry filter"
          rule={entry.filter}
          onChange={(filter) => {
            const { filter: _f, ...rest } = entry;
            setEntry(filter ? { ...rest, filter } : rest);
          }}
        />

        <h3>Goal</h3>
        {base.goal ? (
          <>
            <TextField label="Goal name" value={base.goal.name ?? ""} onChange={(name) => onChange({ ...base, goal: name ? { ...base.goal!, name } : { rule: base.goal!.rule } })} />
            <RuleEditor rule={base.goal.rule} onChange={(rule) => onChange({ ...base, goal: { ...base.goal!, rule } })} label="Reached when" />
            <button type="button" className="secondary" onClick={() => onChange(without(base, "goal"))}>
              Remove the goal
            </button>
          </>
        ) : (
          <button type="button" className="secondary" onClick={() => onChange({ ...base, goal: { rule: { type: "event", name: "Demo Booked", count: { op: "gte", value: 1 } } } })}>
            Add a goal (ends the run as a conversion)
          </button>
        )}

        <h3>Exit</h3>
        <OptionalRule title="Exit when" rule={base.exit} onChange={(exit) => onChange(exit ? { ...base, exit } : without(base, "exit"))} />
      </fieldset>
    </aside>
  );
}

function without<T extends object>(obj: T, key: keyof T): T {
  const copy = { ...obj };
  delete copy[key];
  return copy;
}

function OptionalRule({ title, rule, onChange }: { title: string; rule: Rule | undefined; onChange: (r: Rule | undefined) => void }) {
  if (!rule)
    return (
      <button type="button" className="secondary" onClick={() => onChange(SOME_RULE)}>
        Add: {title.toLowerCase()}
      </button>
    );
  return (
    <>
      <RuleEditor rule={rule} onChange={onChange} label={title} />
      <button type="button" className="secondary" onClick={() => onChange(undefined)}>
        Remove: {title.toLowerCase()}
      </button>
    </>
  );
}
