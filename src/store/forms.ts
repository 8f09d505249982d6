import type { Db } from "./contacts.js";
import type { Dialect } from "./dialect.js";
import type { FormRow, FormSubmissionRow } from "./schema.js";

export async function insertForm(db: Db, row: FormRow): Promise<void> {
  await db.insertInto("forms").values(row).execute();
}

/** A form of the workspace; without `workspaceId` (public pages), the form with that id anywhere. */
export async function selectForm(db: Db, workspaceId: string | undefined, id: string): Promise<FormRow | undefined> {
  let q = db.selectFrom("forms").selectAll().where("id", "=", id);
  if (workspaceId !== undefined) q = q.where("workspace_id", "=", workspaceId);
  return q.executeTakeFirst();
}

export async function selectFormByName(db: Db, workspaceId: string, name: string): Promise<FormRow | undefined> {
  return db.selectFrom("forms").selectAll().where("workspace_id", "=", workspaceId).where("name", "=", name).executeTakeFirst();
}

/** Forms in creation order, after `afterId`. */
export async function selectFormPage(db: Db, workspaceId: string, page: { afterId?: string; limit: number }): Promise<FormRow[]> {
  let q = db.selectFrom("forms").selectAll().where("workspace_id", "=", workspaceId);
  if (page.afterId !== undefined) q = q.where("id", ">", page.afterId);
  return q.orderBy("id").limit(page.limit).execute();
}

export async function updateFormRow(db: Db, workspaceId: string, id: string, set: Partial<Pick<FormRow, "name" | "definition" | "updated_at">>): Promise<void> {
  await db.updateTable("forms").set(set).where("workspace_id", "=", workspaceId).where("id", "=", id).execute();
}

/** Deletes the form with its submissions; false when there was none. */
export async function deleteFormRow(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const r = await db.deleteFrom("forms").where("workspace_id", "=", workspaceId).where("id", "=", id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Of `ids`, the workspace's forms. */
export async function selectExistingFormIds(db: Db, workspaceId: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db.selectFrom("forms").select("id").where("workspace_id", "=", workspaceId).where("id", "in", [...new Set(ids)]).execute();
  return new Set(rows.map((r) => r.id));
}

export async function insertFormSubmission(db: Db, row: FormSubmissionRow): Promise<void> {
  await db.insertInto("form_submissions").values(row).execute();
}

/** One submission; `lock` holds it until the transaction ends (a confirmation is applied once). */
export async function selectFormSubmission(db: Db, dialect: Dialect, id: string, lock = false): Promise<FormSubmissionRow | undefined> {
  const q = db.selectFrom("form_submissions").selectAll().where("id", "=", id);
  return (lock ? dialect.forUpdate(q) : q).executeTakeFirst();
}

/** A form's submissions, newest first, before `beforeId` (the previous page's last id). */
export async function selectFormSubmissionPage(db: Db, formId: string, page: { beforeId?: string; limit: number; status?: FormSubmissionRow["status"] }): Promise<FormSubmissionRow[]> {
  let q = db.selectFrom("form_submissions").selectAll().where("form_id", "=", formId);
  if (page.status !== undefined) q = q.where("status", "=", page.status);
  if (page.beforeId !== undefined) q = q.where("id", "<", page.beforeId);
  return q.orderBy("id", "desc").limit(page.limit).execute();
}

/** Submissions per form and status, for the workspace's forms that have any (through the form_id index). */
export async function countFormSubmissionsByStatus(db: Db, workspaceId: string): Promise<{ formId: string; status: FormSubmissionRow["status"]; count: number }[]> {
  const rows = await db
    .selectFrom("form_submissions")
    .select((eb) => ["form_id", "status", eb.fn.countAll<string | number>().as("n")])
    .where("form_id", "in", db.selectFrom("forms").select("id").where("workspace_id", "=", workspaceId))
    .groupBy(["form_id", "status"])
    .execute();
  return rows.map((r) => ({ formId: r.form_id, status: r.status, count: Number(r.n) }));
}

/** Marks a pending submission confirmed for `contactId`. */
export async function confirmFormSubmissionRow(db: Db, id: string, set: { contactId: string; confirmedAt: number }): Promise<void> {
  await db
    .updateTable("form_submissions")
    .set({ status: "confirmed", contact_id: set.contactId, confirmed_at: set.confirmedAt })
    .where("id", "=", id)
    .where("status", "=", "pending_confirmation")
    .execute();
}
