import { compileEmail, renderEmail, renderTemplate, TemplateError, templateProblem, withTextTemplate, type CompiledEmail, type MergeFields } from "../channels/index.js";
import { NotFoundError, ValidationError, withUniqueName, type FieldProblem } from "../core/index.js";
import type { Deps } from "../deps.js";
import { contactMergeFields, readContact } from "../contacts/index.js";
import {
  CONTENT_OF,
  type EmailContent,
  type InAppContent,
  type RenderedMessage,
  type SmsContent,
  type TemplateChannel,
  type TemplateContent,
  type TemplateCreate,
  type TemplateOut,
  type TemplatePreviewIn,
  type TemplateUpdate,
  type TemplateVersionOut,
} from "../schemas/template.js";
import {
  deleteTemplateRow,
  fromJson,
  insertTemplate,
  insertTemplateVersion,
  selectTemplate,
  selectTemplateByName,
  selectTemplatePage,
  selectTemplateVersion,
  selectTemplateVersions,
  toJson,
  updateTemplateRow,
  type Db,
  type TemplateRow,
  type TemplateVersionRow,
} from "../store/index.js";

/** A template version ready to render: its channel and what saving made of its content. */
export type Compiled = { channel: "email"; email: CompiledEmail } | { channel: "sms"; sms: SmsContent } | { channel: "in_app"; inApp: InAppContent };

/** Sample merge fields for a preview without a contact. */
const SAMPLE_CONTACT = { id: "sample", email: "ada@example.com", externalId: null, properties: { first_name: "Ada", last_name: "Lovelace" }, lifecycleStage: "lead", score: 42, timezone: "Europe/Paris" };

export async function createTemplate(deps: Deps, workspaceId: string, input: TemplateCreate): Promise<TemplateOut> {
  const { content, compiled } = await checkContent(input.channel, input.content);
  const now = deps.clock.now();
  const row: TemplateRow = { id: deps.ids(), workspace_id: workspaceId, name: input.name, channel: input.channel, version: 1, created_at: now, updated_at: now };
  await withUniqueName("template", input.name, undefined, (name) => selectTemplateByName(deps.db, workspaceId, name), () =>
    deps.db.transaction().execute((trx) => insertTemplate(trx, row, { template_id: row.id, version: 1, content: toJson(content), compiled: toJson(compiled), created_at: now })),
  );
  return templateToApi(row, content);
}

export async function listTemplates(deps: Deps, workspaceId: string, page: { afterId?: string; limit: number; channel?: TemplateChannel }): Promise<TemplateOut[]> {
  const rows = await selectTemplatePage(deps.db, workspaceId, page);
  return Promise.all(rows.map(async (row) => templateToApi(row, await contentOf(deps, row, row.version))));
}

export async function readTemplate(deps: Deps, workspaceId: string, id: string): Promise<TemplateOut> {
  const row = await getTemplate(deps, workspaceId, id);
  return templateToApi(row, await contentOf(deps, row, row.version));
}

/** Renames the template and, with a content, adds a version: sends from now on use it. */
export async function updateTemplate(deps: Deps, workspaceId: string, id: string, input: TemplateUpdate): Promise<TemplateOut> {
  const current = await getTemplate(deps, workspaceId, id);
  const checked = input.content === undefined ? undefined : await checkContent(current.channel as TemplateChannel, input.content);
  const now = deps.clock.now();
  const write = () =>
    deps.db.transaction().execute(async (trx) => {
      const row = (await selectTemplate(trx, deps.dialect, workspaceId, id, true))!;
      const version = checked ? row.version + 1 : row.version;
      if (checked) await insertTemplateVersion(trx, { template_id: id, version, content: toJson(checked.content), compiled: toJson(checked.compiled), created_at: now });
      await updateTemplateRow(trx, id, { ...(input.name === undefined ? {} : { name: input.name }), version, updated_at: now });
    });
  await (input.name === undefined ? write() : withUniqueName("template", input.name, id, (name) => selectTemplateByName(deps.db, workspaceId, name), write));
  return readTemplate(deps, workspaceId, id);
}

export async function deleteTemplate(deps: Deps, workspaceId: string, id: string): Promise<void> {
  await getTemplate(deps, workspaceId, id);
  await deleteTemplateRow(deps.db, workspaceId, id);
}

/** Every version, newest first. */
export async function templateVersions(deps: Deps, workspaceId: string, id: string): Promise<TemplateVersionOut[]> {
  await getTemplate(deps, workspaceId, id);
  return (await selectTemplateVersions(deps.db, id)).map(versionToApi);
}

export async function readTemplateVersion(deps: Deps, workspaceId: string, id: string, version: number): Promise<TemplateVersionOut> {
  await getTemplate(deps, workspaceId, id);
  return versionToApi(await getVersion(deps, id, version));
}

/** The template rendered for a real contact, or with sample merge fields. */
export async function previewTemplate(deps: Deps, workspaceId: string, id: string, input: TemplatePreviewIn): Promise<RenderedMessage> {
  const row = await getTemplate(deps, workspaceId, id);
  const compiled = await compiledVersion(deps, row, input.version ?? row.version);
  const fields = await previewFields(deps, workspaceId, input);
  try {
    return renderMessage(compiled, fields);
  } catch (err) {
    if (err instanceof TemplateError) throw ValidationError.field("content", `cannot render: ${err.message}`);
    throw err;
  }
}

/** What a template version renders to with `fields`; throws TemplateError when a merge field fails. */
export function renderMessage(compiled: Compiled, fields: MergeFields): RenderedMessage {
  switch (compiled.channel) {
    case "email":
      return renderEmail(compiled.email, fields);
    case "sms":
      return { body: renderTemplate(compiled.sms.body, fields) };
    case "in_app":
      return {
        title: renderTemplate(compiled.inApp.title, fields),
        body: renderTemplate(compiled.inApp.body, fields),
        url: compiled.inApp.url === undefined ? null : renderTemplate(compiled.inApp.url, fields),
      };
  }
}

/** A template version as sending needs it (read by the send steps and broadcasts). */
export async function compiledTemplate(deps: Deps, db: Db, workspaceId: string, id: string, version?: number): Promise<{ template: TemplateRow; version: number; compiled: Compiled }> {
  const template = await getTemplate(deps, workspaceId, id, db);
  const v = version ?? template.version;
  return { template, version: v, compiled: await compiledVersion(deps, template, v, db) };
}

export async function previewFields(deps: Deps, workspaceId: string, input: Pick<TemplatePreviewIn, "contactId" | "sample">): Promise<MergeFields> {
  if (input.contactId !== undefined) return { contact: contactMergeFields(await readContact(deps, workspaceId, { id: input.contactId })), event: {}, workflow: {} };
  return { contact: { ...SAMPLE_CONTACT, ...input.sample?.contact }, event: input.sample?.event ?? {}, workflow: input.sample?.workflow ?? {} };
}

/** Parses the content for the channel and checks and compiles its templates; problems name the field. */
export async function checkContent(channel: TemplateChannel, input: Record<string, unknown>): Promise<{ content: TemplateContent; compiled: Compiled }> {
  const parsed = CONTENT_OF[channel].safeParse(input);
  if (!parsed.success) throw new ValidationError(parsed.error.issues.map((i) => ({ field: ["content", ...i.path].join("."), message: i.message })));
  if (channel === "email") {
    const out = await compileEmail(parsed.data as EmailContent);
    if ("problems" in out) throw new ValidationError(out.problems);
    return { content: parsed.data, compiled: { channel, email: out.compiled } };
  }
  const problems: FieldProblem[] = [];
  for (const [part, source] of Object.entries(parsed.data)) {
    const why = typeof source === "string" ? templateProblem(source) : undefined;
    if (why) problems.push({ field: `content.${part}`, message: `Liquid: ${why}` });
  }
  if (problems.length) throw new ValidationError(problems);
  const compiled: Compiled = channel === "sms" ? { channel, sms: parsed.data as SmsContent } : { channel: "in_app", inApp: parsed.data as InAppContent };
  return { content: parsed.data, compiled };
}

/** `db`: the caller's transaction, when it holds one (SQLite has a single connection). */
async function getTemplate(deps: Deps, workspaceId: string, id: string, db: Db = deps.db): Promise<TemplateRow> {
  const row = await selectTemplate(db, deps.dialect, workspaceId, id);
  if (!row) throw new NotFoundError(`no template ${JSON.stringify(id)}`);
  return row;
}

async function getVersion(deps: Deps, id: string, version: number, db: Db = deps.db): Promise<TemplateVersionRow> {
  const row = await selectTemplateVersion(db, id, version);
  if (!row) throw new NotFoundError(`template ${JSON.stringify(id)} has no version ${version}`);
  return row;
}

/** Compiled versions never change: kept per process, keyed by template and version. */
const compiledCache = new Map<string, Compiled>();
const MAX_COMPILED = 500;

async function compiledVersion(deps: Deps, row: TemplateRow, version: number, db: Db = deps.db): Promise<Compiled> {
  const key = `${row.id}@${version}`;
  let compiled = compiledCache.get(key);
  if (!compiled) {
    compiled = fromJson<Compiled>((await getVersion(deps, row.id, version, db)).compiled);
    // The text part made once from the HTML (a Liquid template), rather than from each recipient's HTML.
    if (compiled.channel === "email") compiled = { channel: "email", email: withTextTemplate(compiled.email) };
    if (compiledCache.size >= MAX_COMPILED) compiledCache.delete(compiledCache.keys().next().value!);
    compiledCache.set(key, compiled);
  }
  return compiled;
}

async function contentOf(deps: Deps, row: TemplateRow, version: number): Promise<TemplateContent> {
  return fromJson<TemplateContent>((await getVersion(deps, row.id, version)).content);
}

function templateToApi(row: TemplateRow, content: TemplateContent): TemplateOut {
  return {
    id: row.id,
    name: row.name,
    channel: row.channel as TemplateChannel,
    version: row.version,
    content,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

function versionToApi(row: TemplateVersionRow): TemplateVersionOut {
  return { version: row.version, content: fromJson<TemplateContent>(row.content), createdAt: new Date(row.created_at).toISOString() };
}
