import type { Db } from "./contacts.js";
import { toJson } from "./dialect.js";
import type { ImportRow, ImportTable } from "./schema.js";

/** Counters and details of an import, as written after each batch and at the end. */
export interface ImportProgress {
  created: number;
  updated: number;
  rejected: number;
  /** Written only when given: the details JSON changes less often than the counters. */
  report?: unknown;
}

export async function insertImport(db: Db, row: Omit<ImportTable, "report"> & { report: unknown }): Promise<void> {
  await db
    .insertInto("imports")
    .values({ ...row, report: toJson(row.report) })
    .execute();
}

export async function updateImportProgress(db: Db, id: string, progress: ImportProgress): Promise<void> {
  const { report, ...counts } = progress;
  await db
    .updateTable("imports")
    .set({ ...counts, ...(report === undefined ? {} : { report: toJson(report) }) })
    .where("id", "=", id)
    .execute();
}

export async function finishImport(
  db: Db,
  id: string,
  end: Required<ImportProgress> & { status: "completed" | "failed"; finishedAt: number },
): Promise<void> {
  await db
    .updateTable("imports")
    .set({
      status: end.status,
      created: end.created,
      updated: end.updated,
      rejected: end.rejected,
      report: toJson(end.report),
      finished_at: end.finishedAt,
    })
    .where("id", "=", id)
    .execute();
}

export async function selectImport(db: Db, workspaceId: string, id: string): Promise<ImportRow | undefined> {
  return db.selectFrom("imports").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", id).executeTakeFirst();
}

/** Imports newest first, those started before `beforeId`. */
export async function selectImportPage(db: Db, workspaceId: string, page: { beforeId?: string; limit: number }): Promise<ImportRow[]> {
  let q = db.selectFrom("imports").selectAll().where("workspace_id", "=", workspaceId);
  if (page.beforeId !== undefined) q = q.where("id", "<", page.beforeId);
  return q.orderBy("id", "desc").limit(page.limit).execute();
}
