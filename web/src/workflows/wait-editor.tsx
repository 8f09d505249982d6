import type { Weekday } from "../../../src/schemas/duration.js";
import type { Wait } from "../../../src/schemas/workflow/index.js";
import { CheckField, DurationField, SelectField, TextField } from "../fields.js";
import type { Step } from "./handles.js";
import { RuleEditor } from "./rule-editor.js";
import { TriggerEditor } from "./trigger-editor.js";

const WEEKDAYS: Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

const FRESH: Record<Wait["kind"], Wait> = {
  duration: { kind: "duration", duration: { amount: 1, unit: "days" } },
  until_time: { kind: "until_time", time: "09:00" },
  until_date: { kind: "until_date", property: "renewal_date", offset: { amount: -7, unit: "days" } },
};

/** A delay step's wait: a duration, until a time of day (on some weekdays), or until a date property. */
export function DelayEditor({ wait, onChange }: { wait: Wait; onChange: (w: Wait) => void }) {
  return (
    <>
      <SelectField<Wait["kind"]> label="Wait" value={wait.kind} options={[["duration", "for a duration"], ["until_time", "until a time of day"], ["until_date", "until a date property"]]} onChange={(k) => onChange(FRESH[k])} />
      {wait.kind === "duration" && <DurationField label="Duration" value={wait.duration} onChange={(duration) => onChange({ ...wait, duration })} />}
      {wait.kind === "until_time" && (
        <>
          <TextField label="Time (HH:MM)" type="time" value={wait.time} onChange={(time) => onChange({ ...wait, time })} />
          <fieldset className="field weekdays">
            <legend>On (none checked: every day)</legend>
            {WEEKDAYS.map((d) => (
              <CheckField
                key={d}
                label={d}
                checked={wait.weekdays?.includes(d) ?? false}
                onChange={(on) => {
                  const days = WEEKDAYS.filter((x) => (x === d ? on : (wait.weekdays?.includes(x) ?? false)));
                  const { weekdays: _w, ...rest } = wait;
                  onChange(days.length ? { ...rest, weekdays: days } : rest);
                }}
              />
            ))}
          </fieldset>
          <TextField
            label="Time zone (optional, default the contact's)"
            value={wait.timezone ?? ""}
            placeholder="Europe/Paris"
            onChange={(tz) => {
              const { timezone: _t, ...rest } = wait;
              onChange(tz ? { ...rest, timezone: tz } : rest);
            }}
          />
        </>
      )}
      {wait.kind === "until_date" && (
        <>
          <TextField label="Date property" value={wait.property} onChange={(property) => onChange({ ...wait, property })} />
          <DurationField label="Offset (negative: before)" signed value={wait.offset ?? { amount: 0, unit: "days" }} onChange={(offset) => onChange({ ...wait, offset })} />
          <TextField
            label="At time (optional, HH:MM)"
            value={wait.time ?? ""}
            onChange={(time) => {
              const { time: _t, ...rest } = wait;
              onChange(time ? { ...rest, time } : rest);
            }}
          />
        </>
      )}
    </>
  );
}

type WaitForStep = Extract<Step, { type: "wait_for" }>;

/** A wait-for step: the event or condition, and the timeout. */
export function WaitForEditor({ step, onChange }: { step: WaitForStep; onChange: (s: Step) => void }) {
  const f = step.for;
  return (
    <>
      <SelectField
        label="Wait for"
        value={f.kind}
        options={[["event", "an event"], ["condition", "a condition to hold"]]}
        onChange={(kind) => onChange({ ...step, for: kind === "event" ? { kind, event: { type: "event", name: "Signed Up" } } : { kind, rule: { type: "tag", op: "has", tag: "vip" } } })}
      />
      {f.kind === "event" ? (
        <TriggerEditor trigger={f.event} inRun exclude={["contact.created", "date.due", "schedule", "api"]} onChange={(event) => onChange({ ...step, for: { kind: "event", event } })} />
      ) : (
        <RuleEditor rule={f.rule} onChange={(rule) => onChange({ ...step, for: { kind: "condition", rule } })} label="Condition" />
      )}
      <DurationField label="Timeout" value={step.timeout} onChange={(timeout) => onChange({ ...step, timeout })} />
    </>
  );
}
