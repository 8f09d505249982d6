import type { Rule } from "../../../src/schemas/rule.js";
import { SelectField } from "../fields.js";
import { useRuleChoices } from "./choices.js";
import { ConditionFields } from "./condition-fields.js";
import { CONDITION_KINDS, freshCondition, groupRule, groupView, KIND_LABEL, type ConditionKind, type GroupMode } from "./group.js";
import { problemsAt, type RuleProblems } from "./problems.js";

interface NodeProps {
  rule: Rule;
  onChange: (rule: Rule) => void;
  /** Where the rule sits, as problems name it (`rule.rules.1`). */
  path: string;
  problems: RuleProblems;
  /** Removes this item from its group; absent for the top of the rule. */
  onRemove?: (() => void) | undefined;
  /** Its number in the builder ("2.1"), for labels; empty for the top. */
  number: string;
}

/** Nested groups stop here: deeper rules are rare, and still editable as JSON. */
const MAX_DEPTH = 3;
const KIND_OPTIONS = CONDITION_KINDS.map((k) => [k, KIND_LABEL[k]] as const);
const MODES: readonly (readonly [GroupMode, string])[] = [
  ["all", "all of these"],
  ["any", "any of these"],
  ["none", "none of these"],
];

/** A rule in the visual builder: a group of conditions and groups, or one condition. */
export function RuleNode(props: NodeProps) {
  return groupView(props.rule, props.path) ? <GroupEditor {...props} /> : <ConditionEditor {...props} />;
}

function ConditionEditor({ rule, onChange, path, problems, onRemove, number }: NodeProps) {
  const choices = useRuleChoices();
  const mine = problemsAt(problems, path);
  const label = number ? `Condition ${number}` : "Condition";
  const kind = (CONDITION_KINDS as readonly string[]).includes(rule.type) ? (rule.type as ConditionKind) : "property";
  const defaults = { stage: choices.stages?.[0]?.id, step: choices.steps?.[0]?.id };
  return (
    <fieldset className={mine.length ? "rule-condition has-problems" : "rule-condition"} aria-label={label} data-path={path}>
      <div className="rule-row">
        <SelectField label={`${label} on`} value={kind} options={KIND_OPTIONS} onChange={(k) => onChange(freshCondition(k, defaults))} />
        <ConditionFields rule={rule} onChange={onChange} />
        {onRemove && (
          <button type="button" className="link rule-remove" onClick={onRemove} aria-label={`Remove condition ${number}`}>
            Remove
          </button>
        )}
      </div>
      {mine.length > 0 && (
        <ul className="rule-problems" role="alert">
          {mine.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

function GroupEditor({ rule, onChange, path, problems, onRemove, number }: NodeProps) {
  const view = groupView(rule, path)!;
  const depth = number ? number.split(".").length : 0;
  const mine = [...problemsAt(problems, path, true), ...problemsAt(problems, `${path}.rules`, true)];
  const set = (mode: GroupMode, items: Rule[]) => onChange(groupRule(mode, items));
  const remove = (i: number) => (view.items.length === 1 ? onRemove?.() : set(view.mode, view.items.filter((_, j) => j !== i)));
  const label = number ? `Group ${number}` : "Conditions";
  return (
    <fieldset className={`rule-group depth-${depth}`} aria-label={label} data-path={path}>
      <div className="rule-group-head">
        <SelectField label={number ? `${label}: contacts matching` : "Contacts matching"} value={view.mode} options={MODES} onChange={(mode) => set(mode, view.items)} />
        {onRemove && (
          <button type="button" className="link rule-remove" onClick={onRemove} aria-label={`Remove group ${number}`}>
            Remove group
          </button>
        )}
      </div>
      {mine.length > 0 && (
        <ul className="rule-problems" role="alert">
          {mine.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
      <ol className="rule-items">
        {view.items.map((item, i) => (
          <li key={i}>
            <RuleNode
              rule={item}
              path={view.itemPath(i)}
              problems={problems}
              number={number ? `${number}.${i + 1}` : String(i + 1)}
              onChange={(r) => set(view.mode, view.items.map((x, j) => (j === i ? r : x)))}
              onRemove={view.items.length > 1 || onRemove ? () => remove(i) : undefined}
            />
          </li>
        ))}
      </ol>
      <div className="rule-group-actions">
        <button type="button" className="secondary" onClick={() => set(view.mode, [...view.items, freshCondition("property")])} aria-label={`Add a condition to ${label.toLowerCase()}`}>
          + Condition
        </button>
        {depth < MAX_DEPTH && (
          <button type="button" className="secondary" onClick={() => set(view.mode, [...view.items, { type: "any", rules: [freshCondition("property")] }])} aria-label={`Add a group to ${label.toLowerCase()}`}>
            + Group
          </button>
        )}
      </div>
    </fieldset>
  );
}
