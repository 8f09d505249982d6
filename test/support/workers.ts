import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { BIN } from "./processes.js";

export interface ScratchDatabase {
  /** URL of the new database, on the same server as the admin URL. */
  url: string;
  /** Drops it, closing whatever connections are still open to it. */
  drop(): Promise<void>;
}

/**
 * A whole database rather than a schema: `parcours worker` processes take only DATABASE_URL, so
 * they cannot be pointed at a schema of the shared test database.
 */
export async function createScratchDatabase(adminUrl: string): Promise<ScratchDatabase> {
  const name = `parcours_w_${randomBytes(6).toString("hex")}`;
  await onAdmin(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => onAdmin(adminUrl, `drop database if exists ${name} with (force)`) };
}

async function onAdmin(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface WorkerProcess {
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far (its logs), for failure messages. */
  output(): string;
  /** True once the process has exited, for whatever reason. */
  exited(): boolean;
  /** SIGTERM (a graceful stop), resolving once it has exited. */
  stop(): Promise<void>;
  /** SIGKILL, resolving once it has exited. */
  kill(): Promise<void>;
}

/** Starts `parcours worker` on the system clock against `databaseUrl`. */
export function startWorker(databaseUrl: string): WorkerProcess {
  const env: Record<string, string | undefined> = { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "warn" };
  delete env.PARCOURS_CLOCK;
  const child = spawn(process.execPath, [BIN, "worker"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const isGone = () => child.exitCode !== null || child.signalCode !== null;
  const signal = async (sig: NodeJS.Signals) => {
    if (!isGone()) child.kill(sig);
    await gone;
  };
  return { child, output: () => out, exited: isGone, stop: () => signal("SIGTERM"), kill: () => signal("SIGKILL") };
}
