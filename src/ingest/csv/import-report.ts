import { NotFoundError } from "../../core/index.js";
import type { Deps } from "../../deps.js";
import { StoredImportDetails, type ImportReportOut } from "../../schemas/import.js";
import { fromJson, selectImport, selectImportPage, type ImportRow } from "../../store/index.js";

/** The report as the API shows it. */
function importToApi(row: ImportRow): ImportReportOut {
  const details = StoredImportDetails.parse(fromJson(row.report));
  return {
    id: row.id,
    status: row.status,
    source: row.source,
    created: Number(row.created),
    updated: Number(row.updated),
    skipped: details.skipped,
    rejected: Number(row.rejected),
    rejections: details.rejections,
    columns: details.columns,
    error: details.error,
    startedAt: new Date(Number(row.created_at)).toISOString(),
    finishedAt: row.finished_at === null ? null : new Date(Number(row.finished_at)).toISOString(),
  };
}

/** One import's report, finished or still running; NotFoundError when there is none. */
export async function readImport(deps: Deps, workspaceId: string, id: string): Promise<ImportReportOut> {
  const row = await selectImport(deps.db, workspaceId, id);
  if (!row) throw new NotFoundError(`no import ${JSON.stringify(id)}`);
  return importToApi(row);
}

/** Imports newest first; `beforeId` continues after the last one of the previous page. */
export async function listImports(deps: Deps, workspaceId: string, page: { beforeId?: string; limit: number }): Promise<ImportReportOut[]> {
  return (await selectImportPage(deps.db, workspaceId, page)).map(importToApi);
}
