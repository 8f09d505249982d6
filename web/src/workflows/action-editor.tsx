import { Action } from "../../../src/schemas/workflow/index.js";
import { CheckField, ChoiceField, JsonField, NumberField, parseScalar, SelectField, TextArea, TextField, type Choice } from "../fields.js";
import { useReferences } from "./references.js";

type Kind = Action["kind"];

/** Action kinds in the order the picker lists them, each with a new one to start from. */
const KINDS: readonly (readonly [Kind, string, Action])[] = [
  ["send_email", "Send an email", { kind: "send_email", templateId: "", category: "marketing" }],
  ["add_tag", "Add a tag", { kind: "add_tag", tag: "" }],
  ["remove_tag", "Remove a tag", { kind: "remove_tag", tag: "" }],
  ["set_property", "Set a property", { kind: "set_property", property: "", value: "" }],
  ["set_lifecycle_stage", "Set the lifecycle stage", { kind: "set_lifecycle_stage", stage: "" }],
  ["change_score", "Change the score", { kind: "change_score", delta: 10 }],
  ["add_to_list", "Add to a list", { kind: "add_to_list", listId: "" }],
  ["remove_from_list", "Remove from a list", { kind: "remove_from_list", listId: "" }],
  ["webhook", "Call a webhook", { kind: "webhook", url: "https://example.com/hook" }],
  ["notify_user", "Notify a user", { kind: "notify_user", userId: "", subject: "", body: "" }],
  ["send_sms", "Send an SMS", { kind: "send_sms", templateId: "", phoneProperty: "phone", category: "marketing" }],
  ["send_in_app", "Send an in-app message", { kind: "send_in_app", templateId: "" }],
  ["send_slack", "Post to Slack", { kind: "send_slack", url: "https://hooks.slack.com/services/…", text: "" }],
  ["assign_owner", "Assign an owner", { kind: "assign_owner", owner: { userId: "" } }],
  ["enrol_workflow", "Enrol in another workflow", { kind: "enrol_workflow", workflowId: "" }],
  ["remove_from_workflow", "Remove from another workflow", { kind: "remove_from_workflow", workflowId: "" }],
];

function acceptObject(v: unknown): string | null {
  return v && typeof v === "object" && !Array.isArray(v) ? null : "an object, { … }";
}

/** Edits an action step's action: the kind, then that kind's fields. */
export function ActionEditor({ action, onChange }: { action: Action; onChange: (a: Action) => void }) {
  return (
    <>
      <SelectField<Kind>
        label="Action"
        value={action.kind}
        options={KINDS.map(([k, name]) => [k, name] as const)}
        onChange={(k) => onChange(KINDS.find(([kind]) => kind === k)![2])}
      />
      <ActionFields action={action} onChange={onChange} />
    </>
  );
}

function templatesOf(templates: ReturnType<typeof useReferences>["templates"], channel: string): Choice[] | null {
  return templates?.filter((t) => t.channel === channel).map((t) => ({ id: t.id, name: t.name })) ?? null;
}

function ActionFields({ action: a, onChange }: { action: Action; onChange: (a: Action) => void }) {
  const refs = useReferences();
  switch (a.kind) {
    case "send_email":
      return (
        <>
          <ChoiceField label="Email template" value={a.templateId} choices={templatesOf(refs.templates, "email")} onChange={(templateId) => onChange({ ...a, templateId })} empty="— no email template yet —" />
          <SelectField label="Category" value={a.category} options={[["marketing", "Marketing (respects unsubscribes)"], ["transactional", "Transactional"]]} onChange={(category) => onChange({ ...a, category })} />
          <SelectField
            label="When the sending policy holds it back"
            value={a.whenThrottled ?? "defer"}
            options={[["defer", "Defer (default)"], ["skip", "Skip it"], ["send", "Send anyway"]]}
            onChange={(whenThrottled) => onChange({ ...a, whenThrottled })}
          />
        </>
      );
    case "send_sms":
      return (
        <>
          <ChoiceField label="SMS template" value={a.templateId} choices={templatesOf(refs.templates, "sms")} onChange={(templateId) => onChange({ ...a, templateId })} empty="— no SMS template yet —" />
          <TextField label="Phone property" value={a.phoneProperty} onChange={(phoneProperty) => onChange({ ...a, phoneProperty })} />
        </>
      );
    case "send_in_app":
      return <ChoiceField label="In-app template" value={a.templateId} choices={templatesOf(refs.templates, "in_app")} onChange={(templateId) => onChange({ ...a, templateId })} empty="— no in-app template yet —" />;
    case "add_tag":
    case "remove_tag":
      return <TextField label="Tag" value={a.tag} onChange={(tag) => onChange({ ...a, tag })} />;
    case "set_property":
      return (
        <>
          <TextField label="Property" value={a.property} onChange={(property) => onChange({ ...a, property })} />
          <CheckField label="Clear the property (null)" checked={a.value === null} onChange={(clear) => onChange({ ...a, value: clear ? null : "" })} />
          {a.value !== null && <TextField label="Value" value={String(a.value)} onChange={(t) => onChange({ ...a, value: parseScalar(t) })} hint="Numbers and true/false are read as such" />}
        </>
      );
    case "set_lifecycle_stage":
      return (
        <>
          <ChoiceField label="Stage" value={a.stage} choices={refs.stages} onChange={(stage) => onChange({ ...a, stage })} />
          <CheckField label="Only move forward in the funnel" checked={a.forwardOnly ?? false} onChange={(forwardOnly) => onChange({ ...a, forwardOnly })} />
        </>
      );
    case "change_score":
      return <NumberField label="Add to the score (negative lowers it)" value={a.delta} onChange={(delta) => onChange({ ...a, delta })} />;
    case "add_to_list":
    case "remove_from_list":
      return <ChoiceField label="List" value={a.listId} choices={refs.lists} onChange={(listId) => onChange({ ...a, listId })} empty="— no list yet —" />;
    case "webhook":
      return (
        <>
          <TextField label="URL" type="url" value={a.url} onChange={(url) => onChange({ ...a, url })} />
          <JsonField<Record<string, string> | undefined> label="Headers (JSON, optional)" value={a.headers} onChange={(headers) => onChange(headers ? { ...a, headers } : withoutKey(a, "headers"))} accept={(v) => (v === null ? null : acceptObject(v))} rows={3} />
          <JsonField<Record<string, unknown> | undefined> label="Body (JSON, optional; merge fields in strings)" value={a.body} onChange={(body) => onChange(body ? { ...a, body } : withoutKey(a, "body"))} accept={(v) => (v === null ? null : acceptObject(v))} rows={5} />
        </>
      );
    case "notify_user":
      return (
        <>
          <SelectField<"user" | "owner">
            label="Notify"
            value={a.to === "owner" ? "owner" : "user"}
            options={[["user", "A chosen user"], ["owner", "The contact's owner"]]}
            onChange={(whom) => onChange(whom === "owner" ? { kind: a.kind, to: "owner", subject: a.subject, body: a.body } : { kind: a.kind, userId: "", subject: a.subject, body: a.body })}
          />
          {a.to !== "owner" && <ChoiceField label="User" value={a.userId ?? ""} choices={refs.users} onChange={(userId) => onChange({ ...a, userId })} />}
          <TextField label="Subject" value={a.subject} onChange={(subject) => onChange({ ...a, subject })} />
          <TextArea label="Body (plain text, merge fields allowed)" value={a.body} onChange={(body) => onChange({ ...a, body })} />
        </>
      );
    case "send_slack":
      return (
        <>
          <TextField label="Slack webhook URL" type="url" value={a.url} onChange={(url) => onChange({ ...a, url })} />
          <TextArea label="Text (merge fields allowed)" value={a.text} onChange={(text) => onChange({ ...a, text })} />
        </>
      );
    case "enrol_workflow":
    case "remove_from_workflow":
      return <ChoiceField label="Workflow" value={a.workflowId} choices={refs.workflows} onChange={(workflowId) => onChange({ ...a, workflowId })} />;
    default:
      return <JsonField<Action> label="Action (JSON)" value={a} onChange={onChange} accept={(v) => (Action.safeParse(v).success ? null : "not a valid action")} />;
  }
}

function withoutKey<T extends object>(obj: T, key: string): T {
  const copy = { ...obj } as Record<string, unknown>;
  delete copy[key];
  return copy as T;
}
