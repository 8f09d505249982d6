import pg from "pg";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** PostgreSQL URL for the Postgres suite, or null when it is skipped. */
    postgresUrl: string | null;
  }
}

/**
 * Finds PostgreSQL once for the whole run. PARCOURS_TEST_POSTGRES=required (CI) makes an
 * unreachable server an error; otherwise the Postgres suite is skipped with one line.
 */
export default async function setup(project: TestProject): Promise<void> {
  const url = process.env.PARCOURS_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const required = process.env.PARCOURS_TEST_POSTGRES === "required";
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    project.provide("postgresUrl", url);
  } catch (err) {
    if (required) throw new Error(`PARCOURS_TEST_POSTGRES=required but PostgreSQL at ${url} is unreachable: ${(err as Error).message}`);
    console.log(`PostgreSQL suite skipped: no server at ${url} (set PARCOURS_TEST_POSTGRES=required to make this an error)`);
    project.provide("postgresUrl", null);
  } finally {
    await client.end().catch(() => undefined);
  }
}
