import { CompiledQuery, type Insertable } from "kysely";
import type { Dialect } from "./dialect.js";
import type { Db } from "./contacts.js";
import type { Database } from "./schema.js";

/**
 * Rows per statement on SQLite come from this ladder, so that a few statement shapes serve every
 * batch size and stay prepared (see statement-cache.ts) instead of being parsed anew each time.
 */
const CHUNK_SIZES = [1024, 256, 64, 16, 4, 1];

/** SQL text per statement shape (table, columns, row count, conflict clause). */
const shapes = new Map<string, string>();
const MAX_SHAPES = 2000;

/**
 * A multi-row INSERT on the hot paths (ingestion, imports). Kysely builds and compiles a node
 * per value, which costs more than SQLite takes to store the row; here the SQL text is made once
 * per shape and the values are bound as one flat parameter list. Every value is a bound
 * parameter: identifiers come from our own table types, never from input.
 * All rows must have the same keys, in the same order.
 */
export async function insertRows<T extends keyof Database & string>(
  db: Db,
  dialect: Dialect,
  table: T,
  rows: Insertable<Database[T]>[],
  /** e.g. `on conflict do nothing` */
  conflictClause = "",
): Promise<void> {
  if (!rows.length) return;
  const columns = Object.keys(rows[0]!);
  const most = Math.floor(dialect.maxParameters / columns.length);
  for (let start = 0; start < rows.length; ) {
    // PostgreSQL parses every statement pg sends anyway: there one round trip beats a reused shape.
    const size = dialect.name === "postgres" ? Math.min(most, rows.length - start) : (CHUNK_SIZES.find((n) => n <= most && n <= rows.length - start) ?? 1);
    const chunk = rows.slice(start, (start += size));
    const params: unknown[] = [];
    for (const row of chunk) for (const c of columns) params.push((row as Record<string, unknown>)[c] ?? null);
    await db.executeQuery(CompiledQuery.raw(statement(dialect, table, columns, chunk.length, conflictClause), params));
  }
}

function statement(dialect: Dialect, table: string, columns: string[], rowCount: number, conflictClause: string): string {
  const key = `${dialect.name}|${table}|${columns.join(",")}|${rowCount}|${conflictClause}`;
  let text = shapes.get(key);
  if (text === undefined) {
    const tuples: string[] = [];
    for (let r = 0, p = 1; r < rowCount; r++) {
      const slots: string[] = [];
      for (let c = 0; c < columns.length; c++, p++) slots.push(dialect.placeholder(p));
      tuples.push(`(${slots.join(", ")})`);
    }
    text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) values ${tuples.join(", ")} ${conflictClause}`.trimEnd();
    if (shapes.size >= MAX_SHAPES) shapes.delete(shapes.keys().next().value!);
    shapes.set(key, text);
  }
  return text;
}
