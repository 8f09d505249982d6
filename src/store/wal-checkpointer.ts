import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/** How often the worker checkpoints, ms. */
const INTERVAL_MS = 200;

// Plain CommonJS evaluated in the worker: worker threads cannot load our TypeScript under tsx.
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma("busy_timeout = 5000");
const timer = setInterval(() => {
  try { db.pragma("wal_checkpoint(PASSIVE)"); } catch (err) { parentPort.postMessage(String(err)); }
}, workerData.intervalMs);
parentPort.on("message", () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

export interface WalCheckpointer {
  stop(): Promise<void>;
}

/**
 * Copies the WAL back into the database file from a worker thread. SQLite otherwise checkpoints
 * inside whichever commit crosses the threshold, and that commit waits for the fsyncs: moving
 * them off the main thread keeps request latency flat. Durability is unchanged (the WAL is the
 * same; only who copies it back differs).
 */
export function startWalCheckpointer(file: string, onError: (message: string) => void): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER, { eval: true, workerData: { file, driver, intervalMs: INTERVAL_MS } });
  worker.on("message", (m: string) => onError(m));
  worker.on("error", (err) => onError(String(err)));
  worker.unref();
  return {
    stop: () =>
      new Promise((resolve) => {
        worker.once("exit", () => resolve());
        // Unreferenced, the worker would not keep the process alive until it has stopped.
        worker.ref();
        worker.postMessage("stop");
      }),
  };
}
