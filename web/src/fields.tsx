import { useEffect, useId, useState, type ReactNode } from "react";
import "./fields.css";

/** An option of a picker: an id and what to show for it. */
export interface Choice {
  id: string;
  name: string;
}

const UNITS = ["minutes", "hours", "days", "weeks", "months"] as const;
export type Unit = (typeof UNITS)[number];

/** A labelled text input; `onChange` gets the text as typed. */
export function TextField(props: { label: string; value: string; onChange: (v: string) => void; placeholder?: string; hint?: string; type?: string; required?: boolean }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input id={id} type={props.type ?? "text"} value={props.value} placeholder={props.placeholder} required={props.required} onChange={(e) => props.onChange(e.target.value)} aria-describedby={props.hint ? `${id}-hint` : undefined} />
      {props.hint && (
        <small id={`${id}-hint`} className="muted">
          {props.hint}
        </small>
      )}
    </div>
  );
}

/** A labelled multi-line text input. */
export function TextArea(props: { label: string; value: string; onChange: (v: string) => void; rows?: number }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <textarea id={id} rows={props.rows ?? 4} value={props.value} onChange={(e) => props.onChange(e.target.value)} />
    </div>
  );
}

/** A labelled number input; an empty or unreadable entry is not passed on. */
export function NumberField(props: { label: string; value: number | undefined; onChange: (v: number) => void; min?: number; max?: number; step?: number }) {
  const id = useId();
  const [text, setText] = useState(props.value === undefined ? "" : String(props.value));
  useEffect(() => setText((t) => (Number(t) === props.value ? t : props.value === undefined ? "" : String(props.value))), [props.value]);
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="number"
        value={text}
        min={props.min}
        max={props.max}
        step={props.step ?? 1}
        onChange={(e) => {
          setText(e.target.value);
          const n = Number(e.target.value);
          if (e.target.value.trim() !== "" && Number.isFinite(n)) props.onChange(n);
        }}
      />
    </div>
  );
}

/** A labelled select over fixed options (value → text). */
export function SelectField<T extends string>(props: { label: string; value: T; options: readonly (readonly [T, string])[]; onChange: (v: T) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} value={props.value} onChange={(e) => props.onChange(e.target.value as T)}>
        {props.options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * Picks an id among `choices` (templates, lists, users…); while they are unknown (loading, or not
 * readable), or when the current id is not among them, a text input takes the id instead.
 */
export function ChoiceField(props: { label: string; value: string; choices: Choice[] | null; onChange: (v: string) => void; empty?: string }) {
  const id = useId();
  const known = props.choices && (props.value === "" || props.choices.some((c) => c.id === props.value));
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {known ? (
        <select id={id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
          <option value="">{props.choices!.length ? "— choose —" : (props.empty ?? "— none yet —")}</option>
          {props.choices!.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      ) : (
        <input id={id} value={props.value} onChange={(e) => props.onChange(e.target.value)} placeholder="id" />
      )}
    </div>
  );
}

/** A labelled checkbox. */
export function CheckField(props: { label: string; checked: boolean; onChange: (v: boolean) => void }) {
  const id = useId();
  return (
    <div className="field check">
      <input id={id} type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} />
      <label htmlFor={id}>{props.label}</label>
    </div>
  );
}

/** An amount and a unit; `signed` allows negative amounts (an offset). */
export function DurationField(props: { label: string; value: { amount: number; unit: Unit }; onChange: (v: { amount: number; unit: Unit }) => void; signed?: boolean }) {
  const id = useId();
  return (
    <fieldset className="field duration">
      <legend>{props.label}</legend>
      <label htmlFor={`${id}-a`} className="visually-hidden">
        {props.label}: amount
      </label>
      <input
        id={`${id}-a`}
        type="number"
        step={1}
        min={props.signed ? -100000 : 1}
        max={100000}
        value={props.value.amount}
        onChange={(e) => {
          const n = Number(e.target.value);
          if (e.target.value !== "" && Number.isInteger(n)) props.onChange({ ...props.value, amount: n });
        }}
      />
      <label htmlFor={`${id}-u`} className="visually-hidden">
        {props.label}: unit
      </label>
      <select id={`${id}-u`} value={props.value.unit} onChange={(e) => props.onChange({ ...props.value, unit: e.target.value as Unit })}>
        {UNITS.map((u) => (
          <option key={u} value={u}>
            {u}
          </option>
        ))}
      </select>
    </fieldset>
  );
}

/**
 * JSON edited as text: applied when it parses (and `accept` takes it), otherwise the message
 * says why and nothing changes.
 */
export function JsonField<T>(props: { label: string; value: T; onChange: (v: T) => void; accept?: (v: unknown) => string | null; rows?: number; hint?: ReactNode }) {
  const id = useId();
  const shown = JSON.stringify(props.value ?? null, null, 2);
  const [text, setText] = useState(shown);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setText((t) => {
      try {
        return JSON.stringify(JSON.parse(t)) === JSON.stringify(props.value ?? null) ? t : shown;
      } catch {
        return t;
      }
    });
  }, [shown, props.value]);
  function edit(next: string) {
    setText(next);
    let parsed: unknown;
    try {
      parsed = JSON.parse(next);
    } catch {
      setError("not valid JSON yet");
      return;
    }
    const refused = props.accept?.(parsed) ?? null;
    setError(refused);
    if (!refused) props.onChange(parsed as T);
  }
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <textarea id={id} className="code" rows={props.rows ?? 5} spellCheck={false} value={text} onChange={(e) => edit(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={`${id}-msg`} />
      <small id={`${id}-msg`} className={error ? "field-error" : "muted"}>
        {error ?? props.hint ?? ""}
      </small>
    </div>
  );
}

/** A value typed as text, read as a number or boolean when it looks like one. */
export function parseScalar(text: string): string | number | boolean {
  const t = text.trim();
  if (t === "true") return true;
  if (t === "false") return false;
  if (t !== "" && Number.isFinite(Number(t))) return Number(t);
  return text;
}
