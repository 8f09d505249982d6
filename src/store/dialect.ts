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
  /** Whether any top-level value of a JSON object column, as text, matches `pattern` as `ilike` does. */
  anyJsonValueLike(column: string, pattern: string): RawBuilder<boolean>;
  /** Reads member `key` of a JSON object column, for the rule compiler. */
  jsonMember(column: RawBuilder<unknown>, key: string): JsonMember;
  /** Lower case exactly as JavaScript's toLowerCase (SQLite's lower() folds ASCII only). */
  lower(text: RawBuilder<unknown>): RawBuilder<string>;
  /** Epoch ms of ISO-8601 text as the rule evaluator reads it (src/schemas/instant.ts), or null. */
  instant(text: RawBuilder<unknown>): RawBuilder<number | null>;
}

/** A JSON object's member as SQL expressions; each is null when the member is absent. */
export interface JsonMember {
  /** string | number | true | false | null | object | array */
  kind: RawBuilder<string | null>;
  /** The value of a string member (or any scalar, as text). */
  text: RawBuilder<string | null>;
  /** The value of a number member; null for any other kind. */
  number: RawBuilder<number | null>;
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
  anyJsonValueLike: (column, pattern) => sql<boolean>`exists (select 1 from json_each(${sql.ref(column)}) as p where p.value like ${pattern})`,
  jsonMember: (column, key) => {
    // A quoted label with JSON escapes reads any key: dots, brackets, quotes, a leading "$".
    const path = `$.${JSON.stringify(key)}`;
    const type = sql`json_type(${column}, ${path})`;
    return {
      kind: sql<string | null>`(case ${type} when 'text' then 'string' when 'integer' then 'number' when 'real' then 'number' else ${type} end)`,
      text: sql<string | null>`(${column} ->> ${path})`,
      number: sql<number | null>`(case when ${type} in ('integer', 'real') then ${column} ->> ${path} end)`,
    };
  },
  lower: (text) => sql<string>`parcours_lower(${text})`,
  instant: (text) => sql<number | null>`parcours_instant(${text})`,
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
  anyJsonValueLike: (column, pattern) => sql<boolean>`exists (select 1 from jsonb_each_text(${sql.ref(column)}) as p(key, value) where p.value ilike ${pattern})`,
  jsonMember: (column, key) => {
    const member = sql`(${column} -> ${key}::text)`;
    return {
      kind: sql<string | null>`(case jsonb_typeof(${member}) when 'boolean' then ${column} ->> ${key}::text else jsonb_typeof(${member}) end)`,
      text: sql<string | null>`(${column} ->> ${key}::text)`,
      // A cast outside CASE would be attempted on text members too, and fail.
      number: sql<number | null>`(case when jsonb_typeof(${member}) = 'number' then ${member}::double precision end)`,
    };
  },
  lower: (text) => sql<string>`lower(${text})`,
  instant: (text) => sql<number | null>`parcours_instant(${text})`,
};

export type { Kysely };
