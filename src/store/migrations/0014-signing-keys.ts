import type { Kysely } from "kysely";
import type { Dialect } from "../dialect.js";

/**
 * Install-wide keys for what Parcours signs and later verifies itself: the tokens in tracked
 * links, open pixels and unsubscribe links (one row per purpose, created on first use).
 */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  await db.schema
    .createTable("signing_keys")
    .addColumn("purpose", "text", (c) => c.primaryKey())
    /** base64 of 32 random bytes */
    .addColumn("secret", "text", (c) => c.notNull())
    .addColumn("created_at", d.types.time, (c) => c.notNull())
    .execute();
}
