import type { FieldError } from "../api.js";
import type { TemplateChannel } from "../../../src/schemas/template.js";
import { errorOf, Labelled } from "./labelled.js";

/** A template's content while edited: each part as text ("" for an optional part left out). */
export type Draft = Record<string, string>;

type TextPart = { part: string; label: string; multiline?: "code" | "plain"; rows?: number; hint?: string };

/** The parts of each channel that merge fields go into, in the order the form shows them. */
export const TEXT_PARTS: Record<TemplateChannel, readonly TextPart[]> = {
  email: [
    { part: "subject", label: "Subject" },
    { part: "preheader", label: "Preheader", hint: "The line inboxes show after the subject (optional)" },
    { part: "body", label: "Body", multiline: "code", rows: 16 },
    { part: "text", label: "Text part", multiline: "plain", rows: 5, hint: "Optional: left empty, it is made from the HTML" },
  ],
  sms: [{ part: "body", label: "Message", multiline: "plain", rows: 5 }],
  in_app: [
    { part: "title", label: "Title" },
    { part: "body", label: "Message", multiline: "plain", rows: 5 },
    { part: "url", label: "Link", hint: "Where a click leads (optional)" },
  ],
};

export type TextControl = HTMLInputElement | HTMLTextAreaElement;

/**
 * The content's fields for its channel, each with the server's error beside it. `register` keeps
 * each text control so that a merge field goes in at its caret; `onFocusPart` says which was last used.
 */
export function ContentFields(props: {
  channel: TemplateChannel;
  draft: Draft;
  errors: readonly FieldError[];
  readOnly: boolean;
  onChange: (part: string, value: string) => void;
  register: (part: string, el: TextControl | null) => void;
  onFocusPart: (part: string) => void;
}) {
  const { channel, draft, errors, readOnly } = props;
  const parts = TEXT_PARTS[channel];
  return (
    <div className="tp-content">
      {parts.map((p) => (
        <div key={p.part}>
          {channel === "email" && p.part === "body" && (
            <Labelled label="Body format" error={errorOf(errors, "content.format")}>
              {(c) => (
                <select {...c} value={draft.format ?? "mjml"} disabled={readOnly} onChange={(e) => props.onChange("format", e.target.value)}>
                  <option value="mjml">MJML (compiled to responsive HTML)</option>
                  <option value="html">HTML (sent as written)</option>
                </select>
              )}
            </Labelled>
          )}
          <Labelled label={p.label} error={errorOf(errors, `content.${p.part}`)} hint={p.hint}>
            {(c) => {
              const common = {
                ...c,
                value: draft[p.part] ?? "",
                readOnly,
                onChange: (e: { target: { value: string } }) => props.onChange(p.part, e.target.value),
                onFocus: () => props.onFocusPart(p.part),
              };
              return p.multiline ? (
                <textarea {...common} ref={(el) => props.register(p.part, el)} rows={p.rows} spellCheck={p.multiline === "plain"} className={p.multiline === "code" ? "code" : undefined} />
              ) : (
                <input {...common} ref={(el) => props.register(p.part, el)} />
              );
            }}
          </Labelled>
        </div>
      ))}
    </div>
  );
}

/** The content the API takes: optional parts left empty are left out. */
export function contentOf(channel: TemplateChannel, draft: Draft): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { part } of TEXT_PARTS[channel]) {
    const v = draft[part] ?? "";
    if (v !== "" || !OPTIONAL.has(part)) out[part] = v;
  }
  if (channel === "email") out.format = draft.format ?? "mjml";
  return out;
}

/** The draft of saved content: every part as text. */
export function draftOf(content: Record<string, unknown>): Draft {
  return Object.fromEntries(Object.entries(content).map(([k, v]) => [k, typeof v === "string" ? v : ""]));
}

const OPTIONAL = new Set(["preheader", "text", "url"]);
