import { createRequire } from "node:module";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import type { SendOutcome } from "../outcome.js";
import type { EmailMessage } from "./message.js";
import { createSmtpSender, type SmtpOptions, type SmtpSender } from "./smtp.js";

/** What the main thread posts: one message, with the time its Date header takes. */
interface Job {
  id: number;
  message: EmailMessage;
  now: number;
}

/**
 * A worker holds a few dozen messages at a time: a small heap keeps its share of the process's
 * memory down (a default one grows to hundreds of MB between collections while a broadcast sends).
 */
const LIMITS = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 96 };

/** Marks the worker's data, so that this module run as a worker serves and imported anywhere else does nothing. */
const ROLE = "parcours-smtp-worker";

/**
 * `createSmtpSender`'s sender spread over `workers` worker threads, each with its own pooled
 * connections (`poolSize` each): building each message's MIME and writing it to the socket is
 * CPU work that otherwise shares the main thread with rendering and the database. Same interface
 * and outcomes as `createSmtpSender`; messages are handed out in turn. A worker that dies fails
 * its messages in flight as retryable (`SmtpWorkerExited`) and is replaced on the next send.
 */
export function createSmtpWorkerSender(options: SmtpOptions, workers: number): SmtpSender {
  const { now, ...settings } = options;
  const pending = new Map<number, (outcome: SendOutcome) => void>();
  const slots: (Worker | undefined)[] = Array.from({ length: Math.max(1, workers) }, () => undefined);
  /** The worker each message in flight was posted to. */
  const owner = new Map<number, Worker>();
  let next = 0;
  let ids = 0;

  function start(slot: number): Worker {
    const worker = spawn({ role: ROLE, settings });
    worker.on("message", (reply: { id: number; outcome: SendOutcome }) => {
      owner.delete(reply.id);
      pending.get(reply.id)?.(reply.outcome);
      pending.delete(reply.id);
    });
    const fail = (err: unknown) => {
      if (slots[slot] === worker) slots[slot] = undefined;
      for (const [id, w] of owner) {
        if (w !== worker) continue;
        owner.delete(id);
        pending.get(id)?.({ kind: "retry", error: { name: "SmtpWorkerExited", message: `the SMTP worker stopped: ${err instanceof Error ? err.message : String(err)}` } });
        pending.delete(id);
      }
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`exit code ${code}`)));
    worker.unref();
    return worker;
  }

  return {
    send(message) {
      const slot = next;
      next = (next + 1) % slots.length;
      const worker = (slots[slot] ??= start(slot));
      const id = ids++;
      return new Promise<SendOutcome>((resolve) => {
        pending.set(id, resolve);
        owner.set(id, worker);
        worker.postMessage({ id, message, now: now() } satisfies Job);
      });
    },
    close() {
      for (const [i, w] of slots.entries()) {
        slots[i] = undefined;
        void w?.terminate();
      }
    },
  };
}

/**
 * Starts this module in a worker thread. Under the TypeScript loader (tsx, as `parcours` runs)
 * the worker registers it first: workers do not inherit loaders registered at run time.
 */
function spawn(data: { role: string; settings: Omit<SmtpOptions, "now"> }): Worker {
  const self = import.meta.url;
  const options = { workerData: data, resourceLimits: LIMITS };
  if (!self.endsWith(".ts")) return new Worker(new URL(self), options);
  // require.resolve finds the package's CommonJS entry; the ES module beside it is the one that registers in a worker.
  const tsx = createRequire(self).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs");
  const boot = `const { register } = await import(${JSON.stringify(`file://${tsx}`)}); register(); await import(${JSON.stringify(self)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), options);
}

/** The worker's side: sends each message it is posted through one pooled sender, and posts the outcome back. */
function serve(settings: Omit<SmtpOptions, "now">): void {
  let clock = Date.now();
  const sender = createSmtpSender({ ...settings, now: () => clock });
  parentPort!.on("message", (job: Job) => {
    clock = job.now;
    void sender.send(job.message).then((outcome) => parentPort!.postMessage({ id: job.id, outcome }));
  });
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === ROLE) serve((workerData as { settings: Omit<SmtpOptions, "now"> }).settings);
