import type { Insertable } from "kysely";
import type { Db } from "./contacts.js";
import type { SuppressionRow, SuppressionTable } from "./schema.js";

export type SuppressionReason = SuppressionRow["reason"];

/** Adds suppressions; one already there for the same (email, reason) is kept as it was. Returns those added. */
export async function insertSuppressions(db: Db, rows: Insertable<SuppressionTable>[]): Promise<{ email: string; reason: SuppressionReason }[]> {
  if (!rows.length) return [];
  return db
    .insertInto("suppressions")
    .values(rows)
    .onConflict((oc) => oc.columns(["workspace_id", "email", "reason"]).doNothing())
    .returning(["email", "reason"])
    .execute();
}

/** Every suppression of the given addresses (lower-cased), in one query. */
export async function selectSuppressionsOf(db: Db, workspaceId: string, emails: string[]): Promise<SuppressionRow[]> {
  if (!emails.length) return [];
  return db.selectFrom("suppressions").selectAll().where("workspace_id", "=", workspaceId).where("email", "in", [...new Set(emails)]).execute();
}

/** Suppressions newest first, before the id `beforeId`, optionally of one address or reason. */
export async function selectSuppressionPage(
  db: Db,
  workspaceId: string,
  page: { beforeId?: string; limit: number; email?: string; reason?: SuppressionReason },
): Promise<SuppressionRow[]> {
  let q = db.selectFrom("suppressions").selectAll().where("workspace_id", "=", workspaceId);
  if (page.beforeId !== undefined) q = q.where("id", "<", page.beforeId);
  if (page.email !== undefined) q = q.where("email", "=", page.email);
  if (page.reason !== undefined) q = q.where("reason", "=", page.reason);
  return q.orderBy("id", "desc").limit(page.limit).execute();
}

/** Lifts the address's suppressions (only `reason`'s when given); returns those removed. */
export async function deleteSuppressions(db: Db, workspaceId: string, email: string, reason?: SuppressionReason): Promise<SuppressionRow[]> {
  let q = db.deleteFrom("suppressions").where("workspace_id", "=", workspaceId).where("email", "=", email);
  if (reason !== undefined) q = q.where("reason", "=", reason);
  return q.returningAll().execute();
}
