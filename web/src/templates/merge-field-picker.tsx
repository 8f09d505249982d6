import { useEffect, useId, useState } from "react";
import type { MergeField, MergeFieldScope } from "../../../src/schemas/merge-field.js";
import type { Api } from "../api.js";

const GROUPS: readonly [string, (f: MergeField) => boolean][] = [
  ["Contact properties", (f) => f.type !== null],
  ["Contact", (f) => f.type === null && f.scope === "always"],
  ["Marketing email", (f) => f.scope === "marketing_email"],
  ["Broadcasts only", (f) => f.scope === "broadcast"],
  ["Workflow sends only", (f) => f.scope === "workflow"],
];

const SCOPE_NOTE: Record<MergeFieldScope, string> = {
  always: "",
  marketing_email: " (marketing email)",
  broadcast: " (broadcasts)",
  workflow: " (workflow sends)",
};

/**
 * Picks a merge field (the workspace's contact properties, then what sends fill in) and inserts
 * it where the caret was in the field last edited, named by `target`.
 */
export function MergeFieldPicker({ api, target, onInsert }: { api: Api; target: string; onInsert: (path: string) => void }) {
  const id = useId();
  const [fields, setFields] = useState<MergeField[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [chosen, setChosen] = useState("");

  useEffect(() => {
    let live = true;
    api
      .get<{ data: MergeField[] }>("/api/v1/templates/merge-fields")
      .then(({ data }) => {
        if (!live) return;
        setFields(data);
        setChosen((c) => c || (data[0]?.path ?? ""));
      })
      .catch((err: unknown) => live && setError((err as Error).message));
    return () => {
      live = false;
    };
  }, [api]);

  const field = fields?.find((f) => f.path === chosen);
  return (
    <div className="tp-picker" role="group" aria-labelledby={`${id}-title`}>
      <span id={`${id}-title`} className="tp-picker-title">
        Merge fields
      </span>
      {error && <small className="tp-field-error">The merge fields could not be loaded: {error}</small>}
      <label htmlFor={id} className="visually-hidden">
        Merge field
      </label>
      <select id={id} value={chosen} onChange={(e) => setChosen(e.target.value)} disabled={!fields} aria-describedby={`${id}-about`}>
        {!fields && <option value="">Loading…</option>}
        {fields &&
          GROUPS.map(([label, belongs]) => {
            const members = fields.filter(belongs);
            return members.length === 0 ? null : (
              <optgroup key={label} label={label}>
                {members.map((f) => (
                  <option key={f.path} value={f.path}>
                    {f.label}
                    {SCOPE_NOTE[f.scope]}
                  </option>
                ))}
              </optgroup>
            );
          })}
      </select>
      <button type="button" className="secondary" disabled={!field} onClick={() => field && onInsert(field.path)}>
        Insert into {target}
      </button>
      <small id={`${id}-about`} className="muted">
        {field ? (
          <>
            <code>{`{{ ${field.path} }}`}</code> — {field.description}
          </>
        ) : fields?.length === 0 ? (
          "No merge fields yet."
        ) : null}
      </small>
    </div>
  );
}
