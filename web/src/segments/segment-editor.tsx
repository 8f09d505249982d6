import { useId, useMemo, useState, type FormEvent } from "react";
import type { Rule } from "../../../src/schemas/rule.js";
import type { SegmentOut } from "../../../src/schemas/segment-api.js";
import { ApiError, type Api } from "../api.js";
import { asRootGroup, freshCondition, RuleNode, ruleProblems, type RuleProblems } from "../rules/index.js";
import { PreviewPanel } from "./preview-panel.js";
import { segmentHref } from "./segment-route.js";
import { usePreview } from "./use-preview.js";

interface Props {
  api: Api;
  /** The segment to change; absent for a new one. */
  segment?: SegmentOut;
  onSaved: (segment: SegmentOut) => void;
  onSessionEnded: () => void;
}

const STARTER: Rule = { type: "all", rules: [freshCondition("property")] };

/** A segment's name, description and rule, built visually, with the live count and sample beside it. */
export function SegmentEditor({ api, segment, onSaved, onSessionEnded }: Props) {
  const id = useId();
  const [name, setName] = useState(segment?.name ?? "");
  const [description, setDescription] = useState(segment?.description ?? "");
  const [rule, setRule] = useState<Rule>(() => asRootGroup(segment?.rule ?? STARTER));
  const [saving, setSaving] = useState(false);
  const [refused, setRefused] = useState<{ problems: RuleProblems; message: string } | null>(null);

  const local = useMemo(() => ruleProblems(rule, "rule"), [rule]);
  const preview = usePreview(api, rule, local.size === 0, onSessionEnded);
  // The browser's own check first, then what the server said about this rule (preview or save).
  const problems = local.size ? local : preview.state === "refused" ? preview.problems : (refused?.problems ?? local);
  const nameProblem = refused?.problems.get("name");

  function change(next: Rule) {
    setRule(next);
    setRefused(null);
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return setRefused({ problems: new Map([["name", "Give the segment a name"]]), message: "The segment needs a name." });
    if (local.size) return setRefused({ problems: local, message: "Some conditions are not finished: see those marked in red." });
    setSaving(true);
    setRefused(null);
    try {
      const body = { name: name.trim(), description: description.trim() || null, rule };
      const saved = segment ? await api.request<SegmentOut>("PATCH", `/api/v1/segments/${encodeURIComponent(segment.id)}`, body) : await api.post<SegmentOut>("/api/v1/segments", body);
      onSaved(saved);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return onSessionEnded();
      const fields = err instanceof ApiError ? err.fields : [];
      setRefused({ problems: new Map(fields.map((f) => [f.field, f.message])), message: (err as Error).message });
    } finally {
      setSaving(false);
    }
  }

  return (
    <main className="main with-panel seg-editor">
      <form className="seg-card seg-form" onSubmit={save} aria-labelledby={`${id}-title`} noValidate>
        <div className="toolbar">
          <h2 id={`${id}-title`}>{segment ? `Edit ${segment.name}` : "New segment"}</h2>
          <div className="seg-actions">
            <a href={segment ? segmentHref({ view: "segment", id: segment.id }) : segmentHref({ view: "list" })}>Cancel</a>
            <button type="submit" disabled={saving}>
              {saving ? "Saving…" : segment ? "Save changes" : "Create segment"}
            </button>
          </div>
        </div>
        {refused && (
          <p role="alert" className="error">
            {refused.message}
          </p>
        )}
        <div className="seg-meta">
          <div className="field">
            <label htmlFor={`${id}-name`}>Name</label>
            <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Pricing-curious pros" aria-invalid={nameProblem ? true : undefined} aria-describedby={nameProblem ? `${id}-name-problem` : undefined} />
            {nameProblem && (
              <small id={`${id}-name-problem`} className="field-error">
                {nameProblem}
              </small>
            )}
          </div>
          <div className="field">
            <label htmlFor={`${id}-description`}>Description (optional)</label>
            <input id={`${id}-description`} value={description} onChange={(e) => setDescription(e.target.value)} placeholder="Who they are, and what the segment is for" />
          </div>
        </div>
        <p className="muted seg-hint">
          Contacts enter the segment as soon as they match and leave when they no longer do; workflows can start on either. Changing the rule recomputes every member.
        </p>
        <RuleNode rule={rule} onChange={change} path="rule" problems={problems} number="" />
      </form>
      <PreviewPanel preview={preview} />
    </main>
  );
}
