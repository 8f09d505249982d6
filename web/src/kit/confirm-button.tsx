import { useEffect, useRef, useState } from "react";

interface Props {
  /** The button's text, e.g. "Revoke". */
  label: string;
  /** Its accessible name when the text alone is ambiguous in a list, e.g. "Revoke key ci". */
  name?: string;
  /** The question asked before acting, e.g. "Revoke this key? Calls using it will fail." */
  question: string;
  onConfirm: () => void;
  disabled?: boolean;
}

/** A destructive action asked twice, in place (no browser dialog): the button, then the question with Yes / Cancel (or Escape). */
export function ConfirmButton({ label, name, question, onConfirm, disabled }: Props) {
  const [asking, setAsking] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const cancelled = useRef(false);
  // Cancel gives the focus back to the button, so a keyboard user stays where they were.
  useEffect(() => {
    if (!asking && cancelled.current) {
      cancelled.current = false;
      trigger.current?.focus();
    }
  }, [asking]);
  const cancel = () => {
    cancelled.current = true;
    setAsking(false);
  };
  if (!asking)
    return (
      <button ref={trigger} type="button" className="danger" aria-label={name} disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  return (
    <span
      className="kit-confirm"
      role="group"
      aria-label={question}
      onKeyDown={(e) => {
        if (e.key === "Escape") cancel();
      }}
    >
      <span>{question}</span>
      <button
        type="button"
        className="danger"
        autoFocus
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        Yes, {label.toLowerCase()}
      </button>
      <button type="button" className="secondary" onClick={cancel}>
        Cancel
      </button>
    </span>
  );
}
