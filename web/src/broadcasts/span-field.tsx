import { useId } from "react";
import type { Span, Unit } from "./form-state.js";

const UNITS: readonly Unit[] = ["minutes", "hours", "days", "weeks", "months"];

/** An amount and a unit ("4 hours"), with the server's error for them beside. */
export function SpanField({ label, value, onChange, error, disabled }: { label: string; value: Span; onChange: (v: Span) => void; error?: string | undefined; disabled?: boolean }) {
  const id = useId();
  return (
    <fieldset className="bc-span" aria-describedby={error ? `${id}-err` : undefined}>
      <legend>{label}</legend>
      <label htmlFor={`${id}-a`} className="visually-hidden">
        {label}: amount
      </label>
      <input
        id={`${id}-a`}
        type="number"
        min={1}
        max={100000}
        step={1}
        value={value.amount}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange({ ...value, amount: e.target.valueAsNumber })}
      />
      <label htmlFor={`${id}-u`} className="visually-hidden">
        {label}: unit
      </label>
      <select id={`${id}-u`} value={value.unit} disabled={disabled} onChange={(e) => onChange({ ...value, unit: e.target.value as Unit })}>
        {UNITS.map((u) => (
          <option key={u} value={u}>
            {u}
          </option>
        ))}
      </select>
      {error && (
        <small id={`${id}-err`} className="tp-field-error" role="alert">
          {error}
        </small>
      )}
    </fieldset>
  );
}
