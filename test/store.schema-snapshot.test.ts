import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

/**
 * Migrations are append-only: the schema they produce is committed as a snapshot per dialect,
 * so a change to a shipped migration (or a forgotten new one) shows up as a diff in review.
 */
describe.each(dialects)("migrated schema on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it("matches the committed snapshot", async () => {
    // Kysely lists the tables of every schema: keep this test's own (other runs may have left theirs).
    const schema = dialect === "postgres" ? (await sql<{ s: string }>`select current_schema() as s`.execute(t.deps.db)).rows[0]?.s : undefined;
    const tables = await t.deps.db.introspection.getTables();
    const columns = Object.fromEntries(
      tables
        .filter((tb) => !tb.name.startsWith("kysely_") && (schema === undefined || tb.schema === schema))
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((tb) => [tb.name, tb.columns.map((c) => `${c.name} ${c.dataType}${c.isNullable ? "" : " not null"}${c.hasDefaultValue ? " default" : ""}`)]),
    );
    const indexes =
      dialect === "sqlite"
        ? (await sql<{ name: string; tbl_name: string }>`select name, tbl_name from sqlite_master where type = 'index' and tbl_name not like 'kysely_%' order by name`.execute(t.deps.db)).rows.map((r) => `${r.tbl_name}.${r.name}`)
        : (await sql<{ indexname: string; tablename: string }>`select indexname, tablename from pg_indexes where schemaname = current_schema() and tablename not like 'kysely_%' order by indexname`.execute(t.deps.db)).rows.map((r) => `${r.tablename}.${r.indexname}`);
    await expect(JSON.stringify({ columns, indexes }, null, 2) + "\n").toMatchFileSnapshot(`./__snapshots__/schema.${dialect}.json`);
  });
});
