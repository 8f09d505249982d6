import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { Deps } from "../src/deps.js";
import { importContactsCsv } from "../src/ingest/index.js";
import { writeContactsCsv } from "./csv-file.js";
import { emit, note } from "./figures.js";
import { perSecond } from "./stats.js";
import { openBenchRuntime, type DialectName } from "./target.js";

export interface ImportOptions {
  dialect: DialectName;
  postgresUrl: string;
  rows: number;
}

/** How often the import's progress row is read, ms. */
const POLL_MS = 5;
const GOALS = { rate: ">= 50000 rows/s", slowdown: "<= 20 %" };

/** A point of progress: `rows` had been imported `ms` after the import started. */
interface Sample {
  ms: number;
  rows: number;
}

/**
 * Imports a generated CSV of `rows` contacts into a fresh workspace with `importContactsCsv`, and
 * compares the rate over the first and the last window (100,000 rows, or a tenth of smaller files).
 */
export async function runImport(o: ImportOptions): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parcours-bench-csv-"));
  const file = path.join(dir, "contacts.csv");
  const runtime = await openBenchRuntime(o.dialect, o.postgresUrl);
  try {
    note(`import on ${o.dialect}: writing a ${o.rows}-row CSV`);
    const bytes = await writeContactsCsv(file, o.rows);
    note(`import on ${o.dialect}: importing it`);
    const { deps, workspaceId } = runtime;
    const samples: Sample[] = [{ ms: 0, rows: 0 }];
    const started = performance.now();
    const poller = pollProgress(deps, workspaceId, (rows) => samples.push({ ms: performance.now() - started, rows }));
    const report = await importContactsCsv(deps, workspaceId, fs.createReadStream(file), { source: "bench contacts.csv" });
    const totalMs = performance.now() - started;
    await poller.stop();
    const imported = report.created + report.updated;
    samples.push({ ms: totalMs, rows: imported + report.rejected });

    const window = Math.max(1, Math.min(100_000, Math.floor(o.rows / 10)));
    const firstMs = timeAt(samples, window);
    const lastMs = totalMs - timeAt(samples, o.rows - window);
    const first = perSecond(window, firstMs);
    const last = perSecond(window, lastMs);
    const params = { dialect: o.dialect, rows: o.rows, fileBytes: bytes };
    emit({ scenario: "import", metric: "rows_per_s", value: perSecond(o.rows, totalMs), unit: "rows/s", params: { ...params, created: report.created, rejected: report.rejected, goal: GOALS.rate } });
    emit({ scenario: "import", metric: "first_window_rows_per_s", value: first, unit: "rows/s", params: { ...params, window } });
    emit({ scenario: "import", metric: "last_window_rows_per_s", value: last, unit: "rows/s", params: { ...params, window } });
    emit({ scenario: "import", metric: "slowdown_pct", value: (1 - last / first) * 100, unit: "%", params: { ...params, window, goal: GOALS.slowdown } });
    emit({ scenario: "import", metric: "rows_imported", value: imported, unit: "rows", params: { ...params, rejected: report.rejected, matches: imported === o.rows } });
  } finally {
    await runtime.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Reads the import's counters (written in the transaction of each batch) every few ms, so the
 * timings are those of rows committed, not of rows merely read from the file ahead of the importer.
 */
function pollProgress(deps: Deps, workspaceId: string, onRows: (rows: number) => void): { stop(): Promise<void> } {
  let running = true;
  const loop = (async () => {
    let seen = -1;
    while (running) {
      const row = await deps.db
        .selectFrom("imports")
        .select(["created", "updated", "rejected"])
        .where("workspace_id", "=", workspaceId)
        .orderBy("id", "desc")
        .limit(1)
        .executeTakeFirst();
      const rows = row ? Number(row.created) + Number(row.updated) + Number(row.rejected) : 0;
      if (rows !== seen) onRows(rows);
      seen = rows;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
    },
  };
}

/** When `rows` rows were done, interpolated between the samples around it. */
function timeAt(samples: Sample[], rows: number): number {
  const after = samples.findIndex((s) => s.rows >= rows);
  if (after <= 0) return after === 0 ? samples[0]!.ms : samples[samples.length - 1]!.ms;
  const a = samples[after - 1]!;
  const b = samples[after]!;
  return a.ms + ((rows - a.rows) / (b.rows - a.rows)) * (b.ms - a.ms);
}
