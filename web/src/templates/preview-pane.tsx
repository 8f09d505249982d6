import { useId, useState, type ReactNode } from "react";
import type { TemplateChannel } from "../../../src/schemas/template.js";
import type { LivePreview } from "./use-live-preview.js";

const WIDTHS = { desktop: { label: "Desktop", px: 640 }, mobile: { label: "Mobile", px: 375 } } as const;
type Width = keyof typeof WIDTHS;

/** The message as the server renders it, at a desktop or a phone's width for email; `children` choose whom for. */
export function PreviewPane({ channel, preview, children }: { channel: TemplateChannel; preview: LivePreview; children: ReactNode }) {
  const id = useId();
  const [width, setWidth] = useState<Width>("desktop");
  const r = preview.rendered;
  return (
    <section className="tp-preview" aria-labelledby={`${id}-title`} aria-busy={preview.pending}>
      <div className="toolbar">
        <h3 id={`${id}-title`}>Preview</h3>
        <span role="status" className="muted tp-preview-state">
          {preview.pending ? "Rendering…" : preview.errors.length ? "Fix the errors to update the preview" : preview.failure ? "" : "Up to date"}
        </span>
        {channel === "email" && (
          <div role="radiogroup" aria-label="Preview width" className="tp-segmented">
            {(Object.keys(WIDTHS) as Width[]).map((w) => (
              <button key={w} type="button" role="radio" aria-checked={width === w} className={width === w ? "" : "secondary"} onClick={() => setWidth(w)}>
                {WIDTHS[w].label}
              </button>
            ))}
          </div>
        )}
      </div>
      {children}
      {preview.failure && (
        <p role="alert" className="error">
          The preview could not be rendered: {preview.failure}
        </p>
      )}
      {!r && !preview.failure && <p className="muted">{preview.errors.length ? "Nothing rendered yet: see the errors beside the fields." : "Rendering…"}</p>}
      {r && "html" in r && (
        <>
          <dl className="facts tp-envelope">
            <dt>Subject</dt>
            <dd data-testid="preview-subject">{r.subject}</dd>
            <dt>Preheader</dt>
            <dd>{r.preheader || <span className="muted">none</span>}</dd>
          </dl>
          <div className="tp-frame-wrap">
            {/* Sandboxed: the email's HTML runs no script and cannot reach this page. */}
            <iframe title={`Email preview, ${WIDTHS[width].label.toLowerCase()} width`} className="tp-frame" sandbox="" style={{ width: WIDTHS[width].px }} srcDoc={r.html} />
          </div>
          <details>
            <summary>Text part</summary>
            <pre className="message-text">{r.text}</pre>
          </details>
        </>
      )}
      {r && "title" in r && (
        <div className="tp-in-app">
          <strong>{r.title}</strong>
          <p>{r.body}</p>
          {r.url && <small className="muted">Leads to {r.url}</small>}
        </div>
      )}
      {r && !("html" in r) && !("title" in r) && (
        <div>
          <p className="tp-sms">{r.body}</p>
          <small className="muted">{r.body.length} characters with the sample data (one SMS holds up to 160 plain characters)</small>
        </div>
      )}
    </section>
  );
}
