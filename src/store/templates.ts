import type { Db } from "./contacts.js";
import type { Dialect } from "./dialect.js";
import type { TemplateRow, TemplateVersionRow } from "./schema.js";

export async function insertTemplate(db: Db, row: TemplateRow, version: TemplateVersionRow): Promise<void> {
  await db.insertInto("templates").values(row).execute();
  await db.insertInto("template_versions").values(version).execute();
}

export async function selectTemplate(db: Db, dialect: Dialect, workspaceId: string, id: string, lock = false): Promise<TemplateRow | undefined> {
  const query = db.selectFrom("templates").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", id);
  return (lock ? dialect.forUpdate(query) : query).executeTakeFirst();
}

export async function selectTemplateByName(db: Db, workspaceId: string, name: string): Promise<TemplateRow | undefined> {
  return db.selectFrom("templates").selectAll().where("workspace_id", "=", workspaceId).where("name", "=", name).executeTakeFirst();
}

export async function selectTemplatePage(db: Db, workspaceId: string, page: { afterId?: string; limit: number; channel?: string }): Promise<TemplateRow[]> {
  let q = db.selectFrom("templates").selectAll().where("workspace_id", "=", workspaceId);
  if (page.channel !== undefined) q = q.where("channel", "=", page.channel);
  if (page.afterId !== undefined) q = q.where("id", ">", page.afterId);
  return q.orderBy("id").limit(page.limit).execute();
}

/** Version `version` of the template, or its latest. */
export async function selectTemplateVersion(db: Db, templateId: string, version: number): Promise<TemplateVersionRow | undefined> {
  return db.selectFrom("template_versions").selectAll().where("template_id", "=", templateId).where("version", "=", version).executeTakeFirst();
}

export async function selectTemplateVersions(db: Db, templateId: string): Promise<TemplateVersionRow[]> {
  return db.selectFrom("template_versions").selectAll().where("template_id", "=", templateId).orderBy("version", "desc").execute();
}

export async function updateTemplateRow(db: Db, id: string, set: Partial<Pick<TemplateRow, "name" | "version" | "updated_at">>): Promise<void> {
  await db.updateTable("templates").set(set).where("id", "=", id).execute();
}

export async function insertTemplateVersion(db: Db, row: TemplateVersionRow): Promise<void> {
  await db.insertInto("template_versions").values(row).execute();
}

export async function deleteTemplateRow(db: Db, workspaceId: string, id: string): Promise<void> {
  await db.deleteFrom("templates").where("workspace_id", "=", workspaceId).where("id", "=", id).execute();
}

/** Of `ids`, the workspace's templates for `channel`. */
export async function selectExistingTemplateIds(db: Db, workspaceId: string, channel: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db.selectFrom("templates").select("id").where("workspace_id", "=", workspaceId).where("channel", "=", channel).where("id", "in", ids).execute();
  return new Set(rows.map((r) => r.id));
}
