import { isParcoursError } from "../../core/index.js";
import type { Deps } from "../../deps.js";
import type { ImportColumn, ImportOptions, ImportRejection, StoredImportDetails } from "../../schemas/import.js";
import { finishImport, insertImport, updateImportProgress, type Db } from "../../store/index.js";
import { importBatch, type BatchResult, type BatchSettings, type CsvRow } from "./import-batch.js";

/** Rejections kept with a report; all are counted. */
const MAX_KEPT_REJECTIONS = 1000;

/** The running totals of one import and its row in `imports`, kept up to date batch by batch. */
export class ImportRun {
  private created = 0;
  private updated = 0;
  private skipped = 0;
  private rejected = 0;
  private readonly rejections: ImportRejection[] = [];
  /** Rejections kept when the details were last written. */
  private keptWhenSaved = 0;

  private constructor(
    private readonly deps: Deps,
    readonly id: string,
    private readonly options: ImportOptions,
    private readonly columns: ImportColumn[],
  ) {}

  /** Records a new running import. */
  static async start(deps: Deps, workspaceId: string, options: ImportOptions, columns: ImportColumn[]): Promise<ImportRun> {
    const run = new ImportRun(deps, deps.ids(), options, columns);
    await insertImport(deps.db, {
      id: run.id,
      workspace_id: workspaceId,
      status: "running",
      source: options.source ?? null,
      created: 0,
      updated: 0,
      rejected: 0,
      report: run.details([], null),
      created_at: deps.clock.now(),
      finished_at: null,
    });
    return run;
  }

  /** A row refused before it reached a batch (unreadable CSV); stored with the next progress write. */
  reject(rejection: ImportRejection): void {
    this.rejected++;
    if (this.rejections.length < MAX_KEPT_REJECTIONS) this.rejections.push(rejection);
  }

  /** Imports rows in one transaction, which also stores the new totals. */
  async importRows(workspaceId: string, settings: Omit<BatchSettings, "importId">, rows: CsvRow[]): Promise<void> {
    const result = await importBatch(this.deps, workspaceId, { ...settings, importId: this.id }, rows, (db, r) => this.saveProgress(db, r));
    this.created += result.created;
    this.updated += result.updated;
    this.skipped += result.skipped;
    for (const r of result.rejections) this.reject(r);
    this.keptWhenSaved = this.rejections.length;
  }

  async finish(): Promise<void> {
    await finishImport(this.deps.db, this.id, { status: "completed", ...this.counts(), report: this.details([], null), finishedAt: this.deps.clock.now() });
    this.deps.logger.info({ importId: this.id, ...this.counts(), skipped: this.skipped }, "import finished");
  }

  /** Marks the import failed; what the batches committed so far stays. */
  async fail(err: unknown): Promise<void> {
    const error = isParcoursError(err) ? err.message : "an unexpected error stopped the import; it has been logged";
    this.deps.logger.error({ err, importId: this.id }, "import failed");
    await finishImport(this.deps.db, this.id, { status: "failed", ...this.counts(), report: this.details([], error), finishedAt: this.deps.clock.now() });
  }

  private async saveProgress(db: Db, batch: BatchResult): Promise<void> {
    const pending = batch.rejections.length;
    const gainsRejections = this.rejections.length > this.keptWhenSaved || (pending > 0 && this.rejections.length < MAX_KEPT_REJECTIONS);
    await updateImportProgress(db, this.id, {
      created: this.created + batch.created,
      updated: this.updated + batch.updated,
      rejected: this.rejected + pending,
      // The details JSON is rewritten only when it changes: rejections kept, or rows skipped.
      ...(gainsRejections || batch.skipped ? { report: this.details(batch.rejections, null, batch.skipped) } : {}),
    });
  }

  private counts(): { created: number; updated: number; rejected: number } {
    return { created: this.created, updated: this.updated, rejected: this.rejected };
  }

  private details(more: ImportRejection[], error: string | null, moreSkipped = 0): StoredImportDetails {
    // Kept in the order they were found (unreadable rows first, then each batch's), shown by row.
    const rejections = [...this.rejections, ...more].slice(0, MAX_KEPT_REJECTIONS).sort((a, b) => a.row - b.row);
    return { version: 1, options: this.options, columns: this.columns, skipped: this.skipped + moreSkipped, rejections, error };
  }
}
