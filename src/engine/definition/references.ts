import type { Action, Trigger, WorkflowDefinition } from "../../schemas/workflow/index.js";
import { type Place, type WorkflowProblem, problemAt } from "./problem.js";
import { collectSites, type LeafRule, type Sites } from "./sites.js";

/** What the validator needs to know about the workspace. Each lookup is called at most once. */
export interface WorkflowReferences {
  /** Of the given ids, those that exist in the workspace. */
  lists(ids: string[]): Promise<Set<string>>;
  users(ids: string[]): Promise<Set<string>>;
  workflows(ids: string[]): Promise<Set<string>>;
  segments(ids: string[]): Promise<Set<string>>;
  forms(ids: string[]): Promise<Set<string>>;
  /** Of the given ids, the workspace's email templates. */
  emailTemplates(ids: string[]): Promise<Set<string>>;
  /** Of the given ids, the workspace's SMS templates. */
  smsTemplates(ids: string[]): Promise<Set<string>>;
  /** Of the given ids, the workspace's in-app templates. */
  inAppTemplates(ids: string[]): Promise<Set<string>>;
  /** The workspace's recorded property types. */
  properties(): Promise<Map<string, "string" | "number" | "boolean" | "date">>;
  /** The workspace's lifecycle stage ids, in funnel order. */
  lifecycleStages: string[];
  /** The id of the workflow being validated, when it exists (a workflow may not enrol into or remove from itself). */
  selfId?: string;
}

type Kind = "list" | "user" | "workflow" | "segment" | "form" | "email template" | "SMS template" | "in-app template";

/** One id the workflow names, where it names it (`key`: the id's path inside the place). */
interface Reference {
  kind: Kind;
  id: string;
  place: Place;
  key: string;
}

const LOOKUP: Record<Kind, (refs: WorkflowReferences, ids: string[]) => Promise<Set<string>>> = {
  list: (refs, ids) => refs.lists(ids),
  user: (refs, ids) => refs.users(ids),
  workflow: (refs, ids) => refs.workflows(ids),
  segment: (refs, ids) => refs.segments(ids),
  form: (refs, ids) => refs.forms(ids),
  "email template": (refs, ids) => refs.emailTemplates(ids),
  "SMS template": (refs, ids) => refs.smsTemplates(ids),
  "in-app template": (refs, ids) => refs.inAppTemplates(ids),
};

/** Lists, users, workflows, segments, forms and templates the workflow names must exist: one lookup per kind. */
export async function checkReferences(sites: Sites, refs: WorkflowReferences): Promise<WorkflowProblem[]> {
  const references = collectReferences(sites);
  const kinds = Object.keys(LOOKUP) as Kind[];
  const found = await Promise.all(
    kinds.map((kind) => {
      const ids = [...new Set(references.filter((r) => r.kind === kind).map((r) => r.id))];
      return ids.length === 0 ? new Set<string>() : LOOKUP[kind](refs, ids);
    }),
  );
  const existing = new Map(kinds.map((kind, i) => [kind, found[i] ?? new Set<string>()]));
  const unknown = references
    .filter((r) => !existing.get(r.kind)?.has(r.id))
    .map((r) => problemAt(r.place, r.key, `unknown ${r.kind} "${r.id}" in ${r.place.where}`));
  return [...unknown, ...selfReferences(sites, refs.selfId)];
}

/** The ids of each kind the workflow names (the simulator copies those lists and users). */
export function referencedIds(definition: WorkflowDefinition): Record<Kind, Set<string>> {
  const out: Record<Kind, Set<string>> = { list: new Set(), user: new Set(), workflow: new Set(), segment: new Set(), form: new Set(), "email template": new Set(), "SMS template": new Set(), "in-app template": new Set() };
  for (const r of collectReferences(collectSites(definition))) out[r.kind].add(r.id);
  return out;
}

function collectReferences(sites: Sites): Reference[] {
  return [
    ...sites.triggers.flatMap((s) => triggerReferences(s.trigger).map((r) => ({ ...r, place: s }))),
    ...sites.rules.flatMap((s) => ruleReferences(s.rule).map((r) => ({ ...r, place: s }))),
    ...sites.actions.flatMap((s) => actionReferences(s.action).map((r) => ({ ...r, place: s }))),
  ];
}

type Named = Omit<Reference, "place">;

function triggerReferences(t: Trigger): Named[] {
  if (t.type === "list.joined" || t.type === "list.left") return [{ kind: "list", id: t.listId, key: "listId" }];
  if (t.type === "segment.entered" || t.type === "segment.exited") return [{ kind: "segment", id: t.segmentId, key: "segmentId" }];
  if (t.type === "schedule") return t.listId !== undefined ? [{ kind: "list", id: t.listId, key: "listId" }] : [{ kind: "segment", id: t.segmentId!, key: "segmentId" }];
  if (t.type === "form.submitted") return [{ kind: "form", id: t.formId, key: "formId" }];
  return [];
}

function ruleReferences(r: LeafRule): Named[] {
  if (r.type === "list") return [{ kind: "list", id: r.listId, key: "listId" }];
  if (r.type === "segment") return [{ kind: "segment", id: r.segmentId, key: "segmentId" }];
  return [];
}

function actionReferences(a: Action): Named[] {
  if (a.kind === "add_to_list" || a.kind === "remove_from_list") return [{ kind: "list", id: a.listId, key: "listId" }];
  if (a.kind === "enrol_workflow" || a.kind === "remove_from_workflow") return [{ kind: "workflow", id: a.workflowId, key: "workflowId" }];
  if (a.kind === "notify_user") return a.userId === undefined ? [] : [{ kind: "user", id: a.userId, key: "userId" }];
  if (a.kind === "send_email") return [{ kind: "email template", id: a.templateId, key: "templateId" }];
  if (a.kind === "send_sms") return [{ kind: "SMS template", id: a.templateId, key: "templateId" }];
  if (a.kind === "send_in_app") return [{ kind: "in-app template", id: a.templateId, key: "templateId" }];
  if (a.kind !== "assign_owner") return [];
  const { owner } = a;
  if ("userId" in owner) return [{ kind: "user", id: owner.userId, key: "owner.userId" }];
  return owner.roundRobin.map((id, i) => ({ kind: "user" as const, id, key: `owner.roundRobin.${i}` }));
}

/** A workflow may not enrol into itself (a loop is a jump), nor remove from itself (an end step does). */
function selfReferences(sites: Sites, selfId: string | undefined): WorkflowProblem[] {
  if (selfId === undefined) return [];
  return sites.actions.flatMap((s) => {
    const a = s.action;
    if (a.kind === "enrol_workflow" && a.workflowId === selfId) {
      return [problemAt(s, "workflowId", `${s.where} enrols the contact into this same workflow: a workflow may not enrol itself`)];
    }
    if (a.kind === "remove_from_workflow" && a.workflowId === selfId) {
      return [problemAt(s, "workflowId", `${s.where} removes the contact from this same workflow: end the run with an end step instead`)];
    }
    return [];
  });
}
