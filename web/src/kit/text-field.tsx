import { useId } from "react";

interface Props {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** The server's complaint about this field, shown under it and announced with it. */
  problem?: string | undefined;
  hint?: string;
  type?: "text" | "email" | "url" | "number";
  multiline?: boolean;
  required?: boolean;
  placeholder?: string;
  list?: string;
}

/** A labelled text box with its hint and its problem tied to it (aria-describedby), so screen readers read both. */
export function TextField({ label, value, onChange, problem, hint, type = "text", multiline, required, placeholder, list }: Props) {
  const id = useId();
  const described = [hint ? `${id}-hint` : "", problem ? `${id}-problem` : ""].filter(Boolean).join(" ") || undefined;
  const common = { id, value, required, placeholder, "aria-invalid": problem ? true : undefined, "aria-describedby": described };
  return (
    <div className="kit-field">
      <label htmlFor={id}>{label}</label>
      {multiline ? <textarea {...common} rows={3} onChange={(e) => onChange(e.target.value)} /> : <input {...common} type={type} list={list} onChange={(e) => onChange(e.target.value)} />}
      {hint && (
        <span id={`${id}-hint`} className="kit-hint">
          {hint}
        </span>
      )}
      {problem && (
        <span id={`${id}-problem`} className="kit-problem">
          {problem}
        </span>
      )}
    </div>
  );
}
