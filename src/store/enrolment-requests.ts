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
 * Deletes the requests still held under the lease each was claimed with, and returns their ids;
 * one missing was taken over by another worker (its lease ran out) or is gone, and the caller
 * must not act on it.
 */
export async function takeEnrolmentRequests(db: Db, requests: { id: string; leaseUntil: number | null }[]): Promise<Set<string>> {
  const byLease = new Map<number | null, string[]>();
  for (const r of requests) byLease.set(r.leaseUntil, [...(byLease.get(r.leaseUntil) ?? []), r.id]);
  const taken = new Set<string>();
  for (const [lease, ids] of byLease) {
    let q = db.deleteFrom("enrolment_requests").where("id", "in", ids);
    q = lease === null ? q.where("lease_until", "is", null) : q.where("lease_until", "=", lease);
    for (const row of await q.returning("id").execute()) taken.add(row.id);
  }
  return taken;
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
