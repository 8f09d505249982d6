import { Migrator, type Kysely, type Migration, type MigrationProvider } from "kysely";
import type { Dialect } from "./dialect.js";
import * as m0001 from "./migrations/0001-initial.js";
import * as m0002 from "./migrations/0002-workflows.js";
import * as m0003 from "./migrations/0003-runs.js";
import * as m0004 from "./migrations/0004-run-watches.js";
import * as m0005 from "./migrations/0005-round-robin.js";
import * as m0006 from "./migrations/0006-scheduled-triggers.js";
import * as m0007 from "./migrations/0007-outbox.js";
import * as m0008 from "./migrations/0008-segments-scores.js";
import * as m0009 from "./migrations/0009-rule-functions.js";
import * as m0010 from "./migrations/0010-lifecycle-changes.js";
import * as m0011 from "./migrations/0011-scoring.js";
import * as m0012 from "./migrations/0012-segment-history.js";
import * as m0013 from "./migrations/0013-events-name-contact.js";
import * as m0014 from "./migrations/0014-signing-keys.js";
import * as m0015 from "./migrations/0015-consent.js";
import * as m0017 from "./migrations/0017-templates.js";
import * as m0018 from "./migrations/0018-sender-identities.js";
import * as m0019 from "./migrations/0019-in-app-messages.js";
import * as m0020 from "./migrations/0020-broadcasts.js";
import * as m0022 from "./migrations/0022-forms.js";
import * as m0023 from "./migrations/0023-user-sessions.js";
import * as m0024 from "./migrations/0024-webhook-subscriptions.js";
import * as m0026 from "./migrations/0026-site-tracking.js";

interface DialectMigration {
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}

/** Numbered and append-only: a new change is a new file, never an edit of a shipped one. */
const migrations: Record<string, DialectMigration> = {
  "0001-initial": m0001,
  "0002-workflows": m0002,
  "0003-runs": m0003,
  "0004-run-watches": m0004,
  "0005-round-robin": m0005,
  "0006-scheduled-triggers": m0006,
  "0007-outbox": m0007,
  "0008-segments-scores": m0008,
  "0009-rule-functions": m0009,
  "0010-lifecycle-changes": m0010,
  "0011-scoring": m0011,
  "0012-segment-history": m0012,
  "0013-events-name-contact": m0013,
  "0014-signing-keys": m0014,
  "0015-consent": m0015,
  "0017-templates": m0017,
  "0018-sender-identities": m0018,
  "0019-in-app-messages": m0019,
  "0020-broadcasts": m0020,
  "0022-forms": m0022,
  "0023-user-sessions": m0023,
  "0024-webhook-subscriptions": m0024,
  "0026-site-tracking": m0026,
};

function provider(dialect: Dialect): MigrationProvider {
  return {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, m] of Object.entries(migrations)) out[name] = { up: (db) => m.up(db, dialect) };
      return out;
    },
  };
}

/** Applies pending migrations; returns the names applied. Throws on the first failure. */
export async function migrateToLatest(db: Kysely<any>, dialect: Dialect): Promise<string[]> {
  // Kysely looks for its bookkeeping tables in every schema unless told which one is ours.
  const schema = await dialect.currentSchema(db);
  const migrator = new Migrator({ db, provider: provider(dialect), ...(schema ? { migrationTableSchema: schema } : {}) });
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    if (!error) return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
    if (attempt < 5 && schema && vanishedOtherSchema(error, schema)) continue;
    throw error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * Kysely's check for its bookkeeping tables lists the tables of every schema of the database: a
 * schema another process drops meanwhile (test runs, tenants removed) fails that listing with
 * "schema … does not exist" (3F000), "relation … does not exist" (42P01) or a catalog cache
 * miss (XX000) naming the other schema, although ours is fine: trying again succeeds.
 */
function vanishedOtherSchema(error: unknown, ours: string): boolean {
  const e = error as { code?: unknown; message?: unknown };
  return (e.code === "3F000" || e.code === "42P01" || e.code === "XX000") && typeof e.message === "string" && !e.message.includes(ours);
}
