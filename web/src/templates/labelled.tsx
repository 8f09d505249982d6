import { useId, type ReactNode } from "react";

/** What a control inside `Labelled` must carry so its label, hint and error reach assistive technology. */
export interface ControlProps {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

/**
 * A label, the control `children` renders with the props it is given, and under it the server's
 * error for that field (or a hint): how every form of these screens shows "content.body: MJML: line 6…".
 */
export function Labelled(props: { label: string; error?: string | undefined; hint?: ReactNode; className?: string; children: (control: ControlProps) => ReactNode }) {
  const id = useId();
  const noteId = props.error || props.hint ? `${id}-note` : undefined;
  return (
    <div className={props.className ? `tp-field ${props.className}` : "tp-field"}>
      <label htmlFor={id}>{props.label}</label>
      {props.children({ id, "aria-invalid": props.error ? true : undefined, "aria-describedby": noteId })}
      {props.error ? (
        <small id={noteId} className="tp-field-error" role="alert">
          {props.error}
        </small>
      ) : (
        props.hint && (
          <small id={noteId} className="muted">
            {props.hint}
          </small>
        )
      )}
    </div>
  );
}

/** The server's message for `field` (and its sub-fields, `content.body` for `content`), from a problem's `errors`. */
export function errorOf(errors: readonly { field: string; message: string }[], field: string): string | undefined {
  const hits = errors.filter((e) => e.field === field || e.field.startsWith(`${field}.`));
  return hits.length ? hits.map((e) => e.message).join("; ") : undefined;
}
