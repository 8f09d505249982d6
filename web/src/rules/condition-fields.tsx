import { useId } from "react";
import type { Rule } from "../../../src/schemas/rule.js";
import { ChoiceField, NumberField, SelectField, TextField } from "../fields.js";
import { useRuleChoices } from "./choices.js";
import { ComparisonFields } from "./comparison-fields.js";
import { EventFields } from "./event-fields.js";
import { WindowField, withWindow } from "./window-field.js";

type Of<T extends Rule["type"]> = Extract<Rule, { type: T }>;

/** The fields of one condition (not a group), by its kind. */
export function ConditionFields({ rule, onChange }: { rule: Rule; onChange: (r: Rule) => void }) {
  const choices = useRuleChoices();
  switch (rule.type) {
    case "property":
      return <ComparisonFields comparison={rule} onChange={(c) => onChange({ ...c, type: "property" })} properties={choices.properties} propertyLabel="Property" />;
    case "tag":
      return <TagFields rule={rule} onChange={onChange} />;
    case "list":
      return (
        <>
          <SelectField label="Contact is" value={rule.op} options={[["member", "in the list"], ["not_member", "not in the list"]]} onChange={(op) => onChange({ ...rule, op })} />
          <ChoiceField label="List" value={rule.listId} choices={choices.lists} onChange={(listId) => onChange({ ...rule, listId })} empty="— no list yet —" />
        </>
      );
    case "segment":
      return (
        <>
          <SelectField label="Contact is" value={rule.op} options={[["member", "in the segment"], ["not_member", "not in the segment"]]} onChange={(op) => onChange({ ...rule, op })} />
          <ChoiceField
            label="Segment"
            value={rule.segmentId}
            choices={choices.segments?.filter((s) => s.id !== choices.selfSegmentId) ?? null}
            onChange={(segmentId) => onChange({ ...rule, segmentId })}
            empty="— no other segment yet —"
          />
        </>
      );
    case "lifecycle":
      return (
        <>
          <SelectField label="Stage is" value={rule.op} options={[["is", "exactly"], ["is_not", "not"], ["at_least", "at least"], ["at_most", "at most"]]} onChange={(op) => onChange({ ...rule, op })} />
          <ChoiceField label="Stage" value={rule.stage} choices={choices.stages} onChange={(stage) => onChange({ ...rule, stage })} />
        </>
      );
    case "score":
      return <ScoreFields rule={rule} onChange={onChange} />;
    case "event":
      return <EventFields rule={rule} onChange={onChange} />;
    case "engagement":
      return <EngagementFields rule={rule} onChange={onChange} />;
    default:
      return null;
  }
}

function TagFields({ rule, onChange }: { rule: Of<"tag">; onChange: (r: Rule) => void }) {
  const id = useId();
  const { tags } = useRuleChoices();
  return (
    <>
      <SelectField label="Contact" value={rule.op} options={[["has", "has the tag"], ["has_not", "does not have the tag"]]} onChange={(op) => onChange({ ...rule, op })} />
      <div className="field">
        <label htmlFor={id}>Tag</label>
        <input id={id} value={rule.tag} list={tags?.length ? `${id}-tags` : undefined} onChange={(e) => onChange({ ...rule, tag: e.target.value })} placeholder="e.g. vip" autoComplete="off" />
        {tags && tags.length > 0 && (
          <datalist id={`${id}-tags`}>
            {tags.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        )}
      </div>
    </>
  );
}

const SCORE_OPS = [["gte", "at least"], ["gt", "more than"], ["lte", "at most"], ["lt", "less than"], ["equals", "exactly"], ["between", "between"]] as const;

function ScoreFields({ rule, onChange }: { rule: Of<"score">; onChange: (r: Rule) => void }) {
  const [low, high] = Array.isArray(rule.value) ? rule.value : [rule.value, rule.value];
  return (
    <>
      <TextField
        label="Score (empty: the main one)"
        value={rule.score ?? ""}
        onChange={(score) => {
          const { score: _old, ...rest } = rule;
          onChange(score.trim() ? { ...rest, score: score.trim() } : rest);
        }}
        placeholder="main score"
      />
      <SelectField label="Is" value={rule.op} options={SCORE_OPS} onChange={(op) => onChange(op === "between" ? { ...rule, op, value: [low, Math.max(low, high)] } : { ...rule, op, value: low })} />
      {rule.op === "between" ? (
        <>
          <NumberField label="From" value={low} onChange={(v) => onChange({ ...rule, value: [v, high] })} />
          <NumberField label="To" value={high} onChange={(v) => onChange({ ...rule, value: [low, v] })} />
        </>
      ) : (
        <NumberField label="Points" value={low} onChange={(value) => onChange({ ...rule, value })} />
      )}
    </>
  );
}

type Target = "nodeId" | "templateId" | "campaignId";

function EngagementFields({ rule, onChange }: { rule: Of<"engagement">; onChange: (r: Rule) => void }) {
  const { steps, templates } = useRuleChoices();
  const target: Target = rule.nodeId !== undefined ? "nodeId" : rule.templateId !== undefined ? "templateId" : "campaignId";
  const id = rule.nodeId ?? rule.templateId ?? rule.campaignId ?? "";
  const base = { type: "engagement" as const, action: rule.action, ...(rule.within ? { within: rule.within } : {}) };
  const targets: [Target, string][] = [
    ...(steps ? [["nodeId", "the email sent by a step of this workflow"] as [Target, string]] : []),
    ["templateId", "any email of a template"],
    ["campaignId", "any message of a campaign"],
  ];
  const retarget = (t: Target, value: string): Rule => (t === "nodeId" ? { ...base, nodeId: value } : t === "templateId" ? { ...base, templateId: value } : { ...base, campaignId: value });
  const emailTemplates = templates?.filter((t) => t.channel === "email").map((t) => ({ id: t.id, name: t.name })) ?? null;
  return (
    <>
      <SelectField label="Contact" value={rule.action} options={[["opened", "opened"], ["clicked", "clicked a link in"]]} onChange={(action) => onChange({ ...rule, action })} />
      <SelectField label="What" value={target} options={targets} onChange={(t) => onChange(retarget(t, ""))} />
      {target === "nodeId" && <ChoiceField label="Step" value={id} choices={steps} onChange={(v) => onChange(retarget("nodeId", v))} empty="— no action step yet —" />}
      {target === "templateId" && <ChoiceField label="Template" value={id} choices={emailTemplates} onChange={(v) => onChange(retarget("templateId", v))} empty="— no email template yet —" />}
      {target === "campaignId" && <TextField label="Campaign id (a broadcast or a workflow)" value={id} onChange={(v) => onChange(retarget("campaignId", v))} />}
      <WindowField value={rule.within} onChange={(within) => onChange(withWindow(rule, within))} />
    </>
  );
}
