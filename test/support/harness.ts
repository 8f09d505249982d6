import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createApp, type App } from "../../src/api/index.js";
import { createEngine, type Engine } from "../../src/engine/index.js";
import { loadConfig, type Config } from "../../src/config.js";
import { createManualClock, type ManualClock } from "../../src/core/index.js";
import type { Deps } from "../../src/deps.js";
import { openRuntime } from "../../src/runtime.js";
import { bootstrapWorkspace, createApiKey } from "../../src/workspaces/index.js";

export type DialectName = "sqlite" | "postgres";

/** The dialects this run covers: SQLite always, PostgreSQL when a server is reachable. */
export const dialects: DialectName[] = inject("postgresUrl") ? ["sqlite", "postgres"] : ["sqlite"];

/** 2026-01-05T09:00:00Z, a Monday: tests start from a known instant on a manual clock. */
export const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

export interface TestApp {
  app: App;
  engine: Engine;
  deps: Deps;
  clock: ManualClock;
  workspaceId: string;
  secretKey: string;
  writeKey: string;
  /** Sends a request through the app in-process and returns status, parsed body and headers. */
  request(method: string, url: string, options?: RequestOptions): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface RequestOptions {
  body?: unknown;
  /** Defaults to the secret key as Bearer; pass `null` for no Authorization header. */
  auth?: string | null;
  headers?: Record<string, string>;
}

export interface TestResponse {
  status: number;
  body: any;
  text: string;
  headers: Record<string, string | string[] | number | undefined>;
}

/** The configuration for one dialect; SQLite in memory unless `dataDir` is given. */
export function testConfig(dialect: DialectName, overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ LOG_LEVEL: "silent", PARCOURS_DATA_DIR: ":memory:" }),
    dataDir: ":memory:",
    databaseUrl: dialect === "postgres" ? inject("postgresUrl")! : undefined,
    ...overrides,
  };
}

/** A fresh app on a fresh database (a new schema on PostgreSQL), with a workspace and two keys. */
export async function startTestApp(dialect: DialectName, overrides: Partial<Config> = {}): Promise<TestApp> {
  const clock = createManualClock(T0);
  const config = testConfig(dialect, overrides);
  const schema = dialect === "postgres" ? `t_${randomBytes(6).toString("hex")}` : undefined;
  const runtime = await openRuntime(config, { clock, logTo: 2, ...(schema ? { schema } : {}) });
  const first = await bootstrapWorkspace(runtime.deps);
  const workspaceId = first!.workspace.id;
  const { key: writeKey } = await createApiKey(runtime.deps, workspaceId, "write");
  // Not started: tests move runs forward explicitly (engine.runDue, the test clock), never by waiting.
  const engine = createEngine(runtime.deps);
  const app = await createApp(runtime.deps, { engine });
  await app.ready();
  const secretKey = first!.secretKey;
  return {
    app,
    engine,
    deps: runtime.deps,
    clock,
    workspaceId,
    secretKey,
    writeKey,
    async request(method, url, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      const auth = options.auth === undefined ? secretKey : options.auth;
      if (auth !== null) headers.authorization = `Bearer ${auth}`;
      const res = await app.inject({
        method: method as "GET",
        url,
        headers,
        ...(options.body === undefined ? {} : typeof options.body === "string" ? { payload: options.body } : { payload: options.body as object }),
      });
      let body: unknown = undefined;
      try {
        body = res.body ? JSON.parse(res.body) : undefined;
      } catch {
        body = undefined;
      }
      return { status: res.statusCode, body, text: res.body, headers: res.headers };
    },
    async close() {
      await app.close();
      // Closes the SMTP pool too: an SMTP server waits for open connections before it closes.
      await engine.stop();
      await runtime.close();
      if (schema) await dropSchema(schema);
    },
  };
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: inject("postgresUrl")! });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}
