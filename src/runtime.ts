import { createIdGenerator, createLogger, createManualClock, systemClock, type Clock } from "./core/index.js";
import { linkSigningKey } from "./channels/index.js";
import type { Config } from "./config.js";
import { createLifecycleHistoryReactor } from "./contacts/index.js";
import type { Deps } from "./deps.js";
import { createStore, migrateToLatest, type StoreOptions } from "./store/index.js";
import { installScoring } from "./scoring/index.js";
import { installSegments } from "./segments/index.js";
import { installBroadcasts } from "./broadcasts/index.js";
import { installWebhooks } from "./webhooks/index.js";

export interface Runtime {
  deps: Deps;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** Where logs go: stdout (1) for the server, stderr (2) for CLI commands whose stdout is data. */
  logTo?: 1 | 2;
  /** Overrides the clock chosen by config (tests pass a manual clock). */
  clock?: Clock;
  /** PostgreSQL schema (test isolation). */
  schema?: string;
  /** Skip running migrations (they normally run on open). */
  skipMigrations?: boolean;
}

/** Opens the store, migrates it, and builds the one `Deps` object everything else receives. */
export async function openRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const logger = createLogger(config.logLevel, options.logTo ?? 1);
  const clock = options.clock ?? (config.clock === "manual" ? createManualClock(Date.now()) : systemClock);
  const storeOptions: StoreOptions = { databaseUrl: config.databaseUrl, dataDir: config.dataDir, ...(options.schema ? { schema: options.schema } : {}) };
  const store = await createStore(storeOptions);
  if (!options.skipMigrations) await migrateToLatest(store.db, store.dialect);
  const deps: Deps = {
    db: store.db,
    dialect: store.dialect,
    clock,
    ids: createIdGenerator(clock),
    logger,
    config,
    propertyTypes: new Map(),
    eventReactors: [createLifecycleHistoryReactor(store.dialect)],
    contactDerivers: [],
    backgroundJobs: [],
  };
  // Before the engine's reactors (added when it starts): workflows see scores and segment.entered/exited.
  installScoring(deps);
  installSegments(deps);
  installBroadcasts(deps);
  installWebhooks(deps);
  // Read now, outside any transaction: steps signing links run inside one (SQLite has one connection).
  await linkSigningKey(deps);
  return { deps, close: () => store.close() };
}
