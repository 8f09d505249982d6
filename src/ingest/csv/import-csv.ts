import type { Readable } from "node:stream";
import { ValidationError } from "../../core/index.js";
import type { Deps } from "../../deps.js";
import { ImportOptions, type ImportReportOut } from "../../schemas/import.js";
import { selectList, selectPropertyDefinitions } from "../../store/index.js";
import { planColumns } from "./column-plan.js";
import { readCsvRecords } from "./csv-rows.js";
import type { BatchSettings, CsvRow } from "./import-batch.js";
import { readImport } from "./import-report.js";
import { ImportRun } from "./import-run.js";
import { isBlank } from "./row-values.js";

/**
 * Rows per transaction. Large enough that each batch costs a handful of statements, small
 * enough to bound memory and the time a transaction holds the database.
 */
export const IMPORT_BATCH_ROWS = 1000;

/**
 * Imports contacts from a CSV stream, batch by batch, deduplicated by email (case-insensitive):
 * a row whose email has a contact, in the workspace or from an earlier row, updates it. Bad
 * options, an unknown list or an unusable header are refused (ValidationError) before any row is
 * read; a bad row is rejected with its row number and reason and never stops the others. The
 * report is stored as the import runs (see `readImport`) and returned at the end.
 */
export async function importContactsCsv(deps: Deps, workspaceId: string, input: Readable, rawOptions: ImportOptions): Promise<ImportReportOut> {
  const options = parseOptions(rawOptions);
  if (options.listId !== undefined && !(await selectList(deps.db, deps.dialect, workspaceId, options.listId))) {
    throw ValidationError.field("listId", `no list ${JSON.stringify(options.listId)} in this workspace`);
  }
  const recorded = new Map((await selectPropertyDefinitions(deps.db, workspaceId)).map((d) => [d.name, d.type]));
  let run: ImportRun | undefined;
  try {
    let settings: Omit<BatchSettings, "importId"> | undefined;
    let batch: CsvRow[] = [];
    for await (const record of readCsvRecords(input)) {
      if (!settings) {
        if ("unreadable" in record) throw ValidationError.field("header", record.unreadable);
        const plan = planColumns(record.cells, options, recorded);
        settings = { plan, tags: options.tags ?? [], listId: options.listId, updateExisting: options.updateExisting ?? true };
        run = await ImportRun.start(deps, workspaceId, options, plan.report);
        continue;
      }
      if ("unreadable" in record) run!.reject({ row: record.row, reason: record.unreadable });
      else if (!isBlank(record.cells)) batch.push(record);
      if (batch.length >= IMPORT_BATCH_ROWS) {
        await run!.importRows(workspaceId, settings, batch);
        batch = [];
      }
    }
    if (!run || !settings) throw ValidationError.field("body", "the file is empty; its first line must name the columns");
    if (batch.length) await run.importRows(workspaceId, settings, batch);
    await run.finish();
  } catch (err) {
    if (run) await run.fail(err).catch((e: unknown) => deps.logger.error({ err: e }, "could not record the import's failure"));
    throw err;
  }
  return readImport(deps, workspaceId, run.id);
}

function parseOptions(raw: ImportOptions): ImportOptions {
  const parsed = ImportOptions.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new ValidationError(parsed.error.issues.map((i) => ({ field: i.path.join(".") || "options", message: i.message })));
}
