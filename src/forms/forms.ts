import { NotFoundError, withUniqueName } from "../core/index.js";
import type { Deps } from "../deps.js";
import { FormDefinition, type FormCreate, type FormOut, type FormSubmissionCount, type FormSubmissionOut, type FormSubmissionStatus, type FormUpdate, type FormValue } from "../schemas/form.js";
import {
  countFormSubmissionsByStatus,
  deleteFormRow,
  fromJson,
  insertForm,
  selectForm,
  selectFormByName,
  selectFormPage,
  selectFormSubmissionPage,
  toJson,
  updateFormRow,
  type Db,
  type FormRow,
  type FormSubmissionRow,
} from "../store/index.js";
import { checkDefinition } from "./check-definition.js";

/** A form as the public pages need it. */
export interface PublicForm {
  id: string;
  workspaceId: string;
  name: string;
  definition: FormDefinition;
}

export async function createForm(deps: Deps, workspaceId: string, input: FormCreate): Promise<FormOut> {
  await checkDefinition(deps, workspaceId, input.definition);
  const now = deps.clock.now();
  const row: FormRow = { id: deps.ids(), workspace_id: workspaceId, name: input.name, definition: toJson(input.definition), created_at: now, updated_at: now };
  await withUniqueName("form", input.name, undefined, (name) => selectFormByName(deps.db, workspaceId, name), () => insertForm(deps.db, row));
  return formToApi(deps, row);
}

export async function listForms(deps: Deps, workspaceId: string, page: { afterId?: string; limit: number }): Promise<FormOut[]> {
  return (await selectFormPage(deps.db, workspaceId, page)).map((row) => formToApi(deps, row));
}

export async function readForm(deps: Deps, workspaceId: string, id: string): Promise<FormOut> {
  return formToApi(deps, await getForm(deps.db, workspaceId, id));
}

/** Renames the form and/or replaces its definition: submissions from then on use it. */
export async function updateForm(deps: Deps, workspaceId: string, id: string, input: FormUpdate): Promise<FormOut> {
  await getForm(deps.db, workspaceId, id);
  if (input.definition) await checkDefinition(deps, workspaceId, input.definition);
  const set = {
    ...(input.name === undefined ? {} : { name: input.name }),
    ...(input.definition === undefined ? {} : { definition: toJson(input.definition) }),
    updated_at: deps.clock.now(),
  };
  const write = () => updateFormRow(deps.db, workspaceId, id, set);
  await (input.name === undefined ? write() : withUniqueName("form", input.name, id, (name) => selectFormByName(deps.db, workspaceId, name), write));
  return readForm(deps, workspaceId, id);
}

/** Deletes the form and its submissions; workflows triggered by it are no longer started by anything. */
export async function deleteForm(deps: Deps, workspaceId: string, id: string): Promise<void> {
  if (!(await deleteFormRow(deps.db, workspaceId, id))) throw new NotFoundError(`no form ${JSON.stringify(id)}`);
}

/** The form's submissions, newest first. */
export async function formSubmissions(
  deps: Deps,
  workspaceId: string,
  id: string,
  page: { beforeId?: string; limit: number; status?: FormSubmissionStatus },
): Promise<FormSubmissionOut[]> {
  await getForm(deps.db, workspaceId, id);
  return (await selectFormSubmissionPage(deps.db, id, page)).map(submissionToApi);
}

/** Each form's submissions by status; forms without any are left out. */
export async function formSubmissionCounts(deps: Deps, workspaceId: string): Promise<FormSubmissionCount[]> {
  const byForm = new Map<string, FormSubmissionCount>();
  for (const { formId, status, count } of await countFormSubmissionsByStatus(deps.db, workspaceId)) {
    const c = byForm.get(formId) ?? { formId, total: 0, accepted: 0, pendingConfirmation: 0, confirmed: 0 };
    c.total += count;
    if (status === "pending_confirmation") c.pendingConfirmation += count;
    else c[status] += count;
    byForm.set(formId, c);
  }
  return [...byForm.values()];
}

/** A form by id alone, for its public pages (NotFoundError when there is none). */
export async function publicForm(deps: Deps, id: string, db: Db = deps.db): Promise<PublicForm> {
  const row = await selectForm(db, undefined, id);
  if (!row) throw new NotFoundError(`no form ${JSON.stringify(id)}`);
  return { id: row.id, workspaceId: row.workspace_id, name: row.name, definition: parseDefinition(row.definition) };
}

/** The hosted page and the public endpoint of a form. */
export function formUrls(deps: Deps, id: string): { pageUrl: string; action: string } {
  const url = `${deps.config.baseUrl}/f/${encodeURIComponent(id)}`;
  return { pageUrl: url, action: url };
}

async function getForm(db: Db, workspaceId: string, id: string): Promise<FormRow> {
  const row = await selectForm(db, workspaceId, id);
  if (!row) throw new NotFoundError(`no form ${JSON.stringify(id)}`);
  return row;
}

/** Stored definitions are parsed on the way out too: defaults of later formats fill in. */
function parseDefinition(stored: unknown): FormDefinition {
  return FormDefinition.parse(fromJson(stored));
}

function formToApi(deps: Deps, row: FormRow): FormOut {
  return {
    id: row.id,
    name: row.name,
    definition: parseDefinition(row.definition),
    ...formUrls(deps, row.id),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export function submissionToApi(row: FormSubmissionRow): FormSubmissionOut {
  return {
    id: row.id,
    formId: row.form_id,
    contactId: row.contact_id,
    status: row.status,
    email: row.email,
    fields: fromJson<Record<string, FormValue>>(row.fields),
    properties: fromJson<Record<string, FormValue>>(row.properties),
    consentTopicId: row.consent_topic_id,
    ipHash: row.ip_hash,
    userAgent: row.user_agent,
    createdAt: new Date(row.created_at).toISOString(),
    confirmedAt: row.confirmed_at === null ? null : new Date(Number(row.confirmed_at)).toISOString(),
  };
}
