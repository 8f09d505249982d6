import fs from "node:fs";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import { parseInstant } from "../schemas/instant.js";
import { postgresDialect, sqliteDialect, type Dialect } from "./dialect.js";
import { migrateToLatest } from "./migrate.js";
import type { Database } from "./schema.js";
import { withStatementCache } from "./statement-cache.js";
import { startWalCheckpointer } from "./wal-checkpointer.js";

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** postgres://… for PostgreSQL; otherwise SQLite in `dataDir`. */
  databaseUrl?: string | undefined;
  /** SQLite folder; `:memory:` for a throwaway database. */
  dataDir: string;
  /** PostgreSQL schema to use (created if missing): isolates test runs. */
  schema?: string;
  /** PostgreSQL pool size, default 10. */
  poolSize?: number;
}

// Epoch ms fit in a double: read int8 as a number, not a string.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export async function createStore(options: StoreOptions): Promise<Store> {
  return options.databaseUrl ? createPostgresStore(options.databaseUrl, options) : createSqliteStore(options.dataDir);
}

function createSqliteStore(dataDir: string): Store {
  let file = ":memory:";
  if (dataDir !== ":memory:") {
    fs.mkdirSync(dataDir, { recursive: true });
    file = path.join(dataDir, "parcours.db");
  }
  const sqlite = withRuleFunctions(new BetterSqlite3(file));
  sqlite.pragma("journal_mode = WAL");
  // WAL + NORMAL survives a process crash; only an OS crash may lose the last commits.
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("cache_size = -65536");
  if (file === ":memory:") {
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    return { db, dialect: sqliteDialect, close: () => db.destroy() };
  }
  // Checkpoints run on a worker thread; this connection only checkpoints should that worker
  // fall far behind (about 400 MB of WAL).
  sqlite.pragma("wal_autocheckpoint = 100000");
  sqlite.pragma("journal_size_limit = 67108864");
  const checkpointer = startWalCheckpointer(file, (message) => process.emitWarning(`WAL checkpoint: ${message}`));
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    db,
    dialect: sqliteDialect,
    close: async () => {
      await checkpointer.stop();
      await db.destroy();
    },
  };
}

/** The functions compiled rules call (PostgreSQL has them from migration 0009). */
function withRuleFunctions(sqlite: BetterSqlite3.Database): BetterSqlite3.Database {
  sqlite.function("parcours_instant", { deterministic: true }, (text) => (typeof text === "string" ? (parseInstant(text) ?? null) : null));
  sqlite.function("parcours_lower", { deterministic: true }, (text) => (typeof text === "string" ? text.toLowerCase() : text));
  return sqlite;
}

/** The migrated empty schema, serialized once per process: scratch stores start from a copy. */
let scratchTemplate: Promise<Buffer> | undefined;

/**
 * A throwaway in-memory SQLite store with every migration applied (the workflow simulator's).
 * Copying a database migrated once costs well under a millisecond; migrating each one, several.
 */
export async function createScratchStore(): Promise<Store> {
  scratchTemplate ??= (async () => {
    const sqlite = withRuleFunctions(new BetterSqlite3(":memory:"));
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    await migrateToLatest(db, sqliteDialect);
    const image = sqlite.serialize();
    await db.destroy();
    return image;
  })();
  const sqlite = withRuleFunctions(new BetterSqlite3(await scratchTemplate));
  sqlite.pragma("foreign_keys = ON");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: sqliteDialect, close: () => db.destroy() };
}

async function createPostgresStore(url: string, options: StoreOptions): Promise<Store> {
  if (options.schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`create schema if not exists "${options.schema.replace(/"/g, "")}"`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    ...(options.schema ? { options: `-c search_path="${options.schema}"` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: postgresDialect, close: () => db.destroy() };
}
