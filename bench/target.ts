import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Fastify from "fastify";
import pg from "pg";
import { createApp } from "../src/api/index.js";
import { loadConfig } from "../src/config.js";
import { MAX_BATCH_BYTES, MAX_CALL_BYTES } from "../src/schemas/segment.js";
import type { Clock } from "../src/core/index.js";
import type { Deps } from "../src/deps.js";
import { openRuntime, type Runtime } from "../src/runtime.js";
import { bootstrapWorkspace, createApiKey } from "../src/workspaces/index.js";

export type DialectName = "sqlite" | "postgres";

/** A fresh Parcours database with one workspace and a write key: SQLite in a temp folder, or a new Postgres schema. */
export interface BenchRuntime {
  dialect: DialectName;
  deps: Deps;
  workspaceId: string;
  writeKey: string;
  /** Another runtime (its own connection pool, the same clock) on the same storage, e.g. for a second engine; closed with this one. */
  openSibling(): Promise<Deps>;
  /** Stops everything and deletes the data (the temp folder, or the schema). */
  close(): Promise<void>;
}

/** An HTTP server under load: its origin and how to stop it. */
export interface Server {
  origin: string;
  close(): Promise<void>;
}

/** `env`: more configuration, as environment variables (`SMTP_URL`, …). */
export async function openBenchRuntime(dialect: DialectName, postgresUrl: string, options: { clock?: Clock; env?: Record<string, string> } = {}): Promise<BenchRuntime> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parcours-bench-"));
  const config = loadConfig({ LOG_LEVEL: "silent", PARCOURS_DATA_DIR: dir, ...(dialect === "postgres" ? { DATABASE_URL: postgresUrl } : {}), ...options.env });
  const schema = dialect === "postgres" ? `bench_${randomBytes(6).toString("hex")}` : undefined;
  const runtimeOptions = { logTo: 2 as const, ...(schema ? { schema } : {}), ...(options.clock ? { clock: options.clock } : {}) };
  const runtime = await openRuntime(config, runtimeOptions);
  const siblings: Runtime[] = [];
  const first = await bootstrapWorkspace(runtime.deps);
  const workspaceId = first!.workspace.id;
  const { key: writeKey } = await createApiKey(runtime.deps, workspaceId, "write", "bench");
  return {
    dialect,
    deps: runtime.deps,
    workspaceId,
    writeKey,
    async openSibling() {
      const sibling = await openRuntime(config, { ...runtimeOptions, clock: runtime.deps.clock, skipMigrations: true });
      siblings.push(sibling);
      return sibling.deps;
    },
    async close() {
      for (const sibling of siblings) await sibling.close();
      await runtime.close();
      if (schema) await dropSchema(postgresUrl, schema);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The full Parcours API over `runtime`, on a loopback port. */
export async function listenParcours(runtime: BenchRuntime): Promise<Server> {
  const app = await createApp(runtime.deps);
  await app.listen({ port: 0, host: "127.0.0.1" });
  return { origin: originOf(app.server.address()), close: () => app.close() };
}

/**
 * The ceiling: a Fastify server whose /v1/batch and /v1/track, with Parcours' body limits, only
 * parse the JSON body and answer, so the gap to it is what Parcours spends on the work itself.
 */
export async function listenBare(): Promise<Server> {
  const app = Fastify();
  const ok = async () => ({ success: true });
  app.post("/v1/batch", { bodyLimit: MAX_BATCH_BYTES }, ok);
  app.post("/v1/track", { bodyLimit: MAX_CALL_BYTES }, ok);
  await app.listen({ port: 0, host: "127.0.0.1" });
  return { origin: originOf(app.server.address()), close: () => app.close() };
}

/** Whether PostgreSQL answers at `url` within 3 s. */
export async function postgresReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Basic auth with the write key as user name, as Segment SDKs send it. */
export function basicAuth(writeKey: string): string {
  return `Basic ${Buffer.from(`${writeKey}:`).toString("base64")}`;
}

function originOf(address: ReturnType<import("node:net").Server["address"]>): string {
  if (!address || typeof address === "string") throw new Error("server is not listening on a TCP port");
  return `http://127.0.0.1:${address.port}`;
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}
