import { insertRows } from "./bulk-insert.js";
import { claimDue, retryDue } from "./claim.js";
import type { Db } from "./contacts.js";
import type { Dialect } from "./dialect.js";
import type { EnrolmentRequestRow } from "./schema.js";

export async function insertEnrolmentRequests(db: Db, dialect: Dialect, rows: EnrolmentRequestRow[]): Promise<void> {
  await insertRows(db, dialect, "enrolment_requests", rows);
}

/** Claims due requests like timers (see claimDue). */
export async function claimEnrolmentRequests(db: Db, dialect: Dialect, now: number, limit: number, leaseMs: number): Promise<EnrolmentRequestRow[]> {
  return claimDue(db, dialect, "enrolment_requests", now, limit, leaseMs);
}

/**
 * Deletes the request if it is still held under `leaseUntil`; false when another worker took it
 * over (its lease ran out) or it is gone, in which case the caller must not act on it.
 */
export async function takeEnrolmentRequest(db: Db, id: string, leaseUntil: number | null): Promise<boolean> {
  let q = db.deleteFrom("enrolment_requests").where("id", "=", id);
  q = leaseUntil === null ? q.where("lease_until", "is", null) : q.where("lease_until", "=", leaseUntil);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function retryEnrolmentRequest(db: Db, id: string, retryAt: number): Promise<void> {
  await retryDue(db, "enrolment_requests", id, retryAt);
}

export async function deleteEnrolmentRequest(db: Db, id: string): Promise<void> {
  await db.deleteFrom("enrolment_requests").where("id", "=", id).execute();
}

/** The workspace's active workflows and their current versions: what its trigger index is built from. */
export async function selectActiveWorkflowVersions(db: Db, workspaceId: string): Promise<{ id: string; current_version: number }[]> {
  const rows = await db
    .selectFrom("workflows")
    .select(["id", "current_version"])
    .where("workspace_id", "=", workspaceId)
    .where("status", "=", "active")
    .orderBy("id")
    .execute();
  return rows.filter((r): r is { id: string; current_version: number } => r.current_version !== null);
}
