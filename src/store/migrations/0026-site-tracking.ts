import type { Kysely } from "kysely";
import type { Dialect } from "../dialect.js";

/**
 * The origins (`https://www.example.com`, or `*`) whose pages may send events to a workspace
 * from a browser: the web tracking script and analytics.js (CORS on `/v1`), and where a tracked
 * email click may carry the visitor's link token.
 */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  await db.schema
    .createTable("site_tracking_origins")
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("origin", "text", (c) => c.notNull())
    .addColumn("created_at", d.types.time, (c) => c.notNull())
    .addPrimaryKeyConstraint("site_tracking_origins_pk", ["workspace_id", "origin"])
    .execute();
}
