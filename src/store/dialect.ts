import { sql, type ColumnDataType, type Kysely, type RawBuilder, type SelectQueryBuilder } from "kysely";

/**
 * Everything that differs between SQLite and PostgreSQL, in one place. Nothing outside
 * `store/` asks which database it is on.
 */
export interface Dialect {
  readonly name: "sqlite" | "postgres";
  /** Column types used by migrations. */
  readonly types: { json: ColumnDataType; time: ColumnDataType; real: ColumnDataType };
  /** Locks the selected rows until the transaction ends (no-op on SQLite, whose writer is single). */
  forUpdate<DB, TB extends keyof DB, O>(qb: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O>;
  /**
   * Locks many rows for update in `column` order, one order for every transaction so that
   * concurrent ones cannot deadlock. SQLite has a single writer: no lock and no ordering there
   * (an ORDER BY would also steer its planner away from the lookup indexes).
   */
  forUpdateInOrder<DB, TB extends keyof DB, O>(qb: SelectQueryBuilder<DB, TB, O>, column: string): SelectQueryBuilder<DB, TB, O>;
  /** Locks the rows it can and skips those another transaction holds (work queues). */
  forUpdateSkipLocked<DB, TB extends keyof DB, O>(qb: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O>;
  /** Keeps the selected rows from changing or disappearing until the transaction ends. */
  forShare<DB, TB extends keyof DB, O>(qb: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O>;
  /** The schema unqualified tables live in (PostgreSQL's search_path), where migrations keep their bookkeeping. */
  currentSchema(db: Kysely<any>): Promise<string | undefined>;
  /** A write lost a race another transaction won: retrying the whole transaction is safe. */
  isRetryableConflict(err: unknown): boolean;
  /** Largest number of bound parameters one statement may carry. */
  readonly maxParameters: number;
  /** The `n`th (1-based) bound parameter in raw SQL. */
  placeholder(n: number): string;
  /** Write transactions worth running at once from one process (SQLite has a single writer). */
  readonly maxConcurrentWrites: number;
  /** Case-insensitive "contains" on a text column. */
  ilike(column: RawBuilder<unknown> | string, pattern: string): RawBuilder<boolean>;
}

/** Serialises a JSON column value for either database. */
export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** Reads a JSON column: text on SQLite, already parsed by pg for jsonb. */
export function fromJson<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

export const sqliteDialect: Dialect = {
  name: "sqlite",
  types: { json: "text", time: "integer", real: "real" },
  forUpdate: (qb) => qb,
  forUpdateInOrder: (qb) => qb,
  forUpdateSkipLocked: (qb) => qb,
  forShare: (qb) => qb,
  currentSchema: async () => undefined,
  isRetryableConflict(err) {
    const code = (err as { code?: string } | null)?.code ?? "";
    return code === "SQLITE_BUSY" || code.startsWith("SQLITE_CONSTRAINT_UNIQUE") || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
  },
  maxParameters: 32_000,
  maxConcurrentWrites: 1,
  placeholder: () => "?",
  ilike: (column, pattern) => sql<boolean>`${typeof column === "string" ? sql.ref(column) : column} like ${pattern}`,
};

export const postgresDialect: Dialect = {
  name: "postgres",
  types: { json: "jsonb", time: "bigint", real: "double precision" },
  forUpdate: (qb) => qb.forUpdate(),
  forUpdateInOrder: (qb, column) => qb.orderBy(sql.ref(column)).forUpdate(),
  forUpdateSkipLocked: (qb) => qb.forUpdate().skipLocked(),
  forShare: (qb) => qb.forShare(),
  currentSchema: async (db) => (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s,
  isRetryableConflict(err) {
    const code = (err as { code?: string } | null)?.code;
    return code === "23505" || code === "40001" || code === "40P01";
  },
  maxParameters: 65_000,
  maxConcurrentWrites: 4,
  placeholder: (n) => `$${n}`,
  ilike: (column, pattern) => sql<boolean>`${typeof column === "string" ? sql.ref(column) : column} ilike ${pattern}`,
};

export type { Kysely };
