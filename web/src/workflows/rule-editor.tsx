import { useMemo, useState } from "react";
import { Rule } from "../../../src/schemas/rule.js";
import { CheckField, JsonField } from "../fields.js";
import { freshCondition, isGroup, RuleChoicesContext, RuleNode, ruleProblems } from "../rules/index.js";
import { useReferences, useSteps } from "./references.js";

/** Refuses JSON that is not a rule, with the first problem. */
export function acceptRule(v: unknown): string | null {
  const r = Rule.safeParse(v);
  return r.success ? null : `${r.error.issues[0]?.path.join(".") || "rule"}: ${r.error.issues[0]?.message}`;
}

/**
 * Edits one rule of a workflow (a condition, a branch, a goal…) with the same visual builder as
 * segments, where engagement can also name the email a step of this workflow sent; or as JSON.
 */
export function RuleEditor({ rule, onChange, label = "Rule" }: { rule: Rule; onChange: (r: Rule) => void; label?: string }) {
  const refs = useReferences();
  const steps = useSteps();
  const [asJson, setAsJson] = useState(false);
  const scope = useMemo(() => ({ ...refs, steps: steps.filter((s) => s.type === "action").map((s) => ({ id: s.id, name: s.label ? `${s.label} (${s.id})` : s.id })) }), [refs, steps]);
  const problems = useMemo(() => ruleProblems(rule, "rule"), [rule]);
  return (
    <fieldset className="rule">
      <legend>{label}</legend>
      {asJson ? (
        <JsonField<Rule> label={`${label} (JSON)`} value={rule} onChange={onChange} accept={acceptRule} rows={8} hint="See docs/rules.md" />
      ) : (
        <RuleChoicesContext.Provider value={scope}>
          <RuleNode rule={rule} onChange={onChange} path="rule" problems={problems} number="" />
          {!isGroup(rule) && (
            <button type="button" className="link" onClick={() => onChange({ type: "all", rules: [rule, freshCondition("property")] })}>
              + Combine with another condition
            </button>
          )}
        </RuleChoicesContext.Provider>
      )}
      <CheckField label="Edit as JSON" checked={asJson} onChange={setAsJson} />
    </fieldset>
  );
}
