import type { Db } from "./contacts.js";
import type { Dialect } from "./dialect.js";
import type { SegmentHistoryRow, SegmentRow } from "./schema.js";

export async function insertSegment(db: Db, row: SegmentRow): Promise<void> {
  await db.insertInto("segments").values(row).execute();
}

export async function selectSegment(db: Db, dialect: Dialect, workspaceId: string, id: string, lock = false): Promise<SegmentRow | undefined> {
  const query = db.selectFrom("segments").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", id);
  return (lock ? dialect.forUpdate(query) : query).executeTakeFirst();
}

/** Every segment of the workspace, in creation order (rules are small; workspaces have tens). */
export async function selectSegments(db: Db, workspaceId: string): Promise<SegmentRow[]> {
  return db.selectFrom("segments").selectAll().where("workspace_id", "=", workspaceId).orderBy("id").execute();
}

export async function selectSegmentPage(db: Db, workspaceId: string, page: { afterId?: string; limit: number }): Promise<SegmentRow[]> {
  let q = db.selectFrom("segments").selectAll().where("workspace_id", "=", workspaceId);
  if (page.afterId !== undefined) q = q.where("id", ">", page.afterId);
  return q.orderBy("id").limit(page.limit).execute();
}

/** A cheap fingerprint of the workspace's segments: it changes whenever one is created, changed or deleted. */
export async function selectSegmentsStamp(db: Db, workspaceId: string): Promise<string> {
  const row = await db
    .selectFrom("segments")
    .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.max("updated_at").as("latest"), eb.fn.sum<number>("rule_version").as("versions")])
    .where("workspace_id", "=", workspaceId)
    .executeTakeFirst();
  return `${row?.n ?? 0}:${row?.latest ?? 0}:${row?.versions ?? 0}`;
}

export async function updateSegmentRow(db: Db, workspaceId: string, id: string, set: Partial<Omit<SegmentRow, "id" | "workspace_id">>): Promise<void> {
  await db.updateTable("segments").set(set).where("workspace_id", "=", workspaceId).where("id", "=", id).execute();
}

export async function deleteSegmentRow(db: Db, workspaceId: string, id: string): Promise<void> {
  await db.deleteFrom("segments").where("workspace_id", "=", workspaceId).where("id", "=", id).execute();
}

/** Segments whose full recompute is due at `now` and not leased by another process. */
export async function selectDueSegments(db: Db, now: number, limit: number): Promise<SegmentRow[]> {
  return db
    .selectFrom("segments")
    .selectAll()
    .where("recompute_at", "<=", now)
    .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<", now)]))
    .orderBy("recompute_at")
    .limit(limit)
    .execute();
}

/** Takes the lease on a due segment; false when another process took it first. */
export async function leaseSegment(db: Db, id: string, ruleVersion: number, now: number, until: number): Promise<boolean> {
  const result = await db
    .updateTable("segments")
    .set((eb) => ({ lease_until: until, attempts: eb("attempts", "+", 1) }))
    .where("id", "=", id)
    .where("rule_version", "=", ruleVersion)
    .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<", now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function selectNextSegmentRecompute(db: Db): Promise<number | undefined> {
  const row = await db.selectFrom("segments").select((eb) => eb.fn.min("recompute_at").as("at")).executeTakeFirst();
  return row?.at ?? undefined;
}

export async function countSegmentMembers(db: Db, segmentId: string): Promise<number> {
  const row = await db.selectFrom("segment_members").select((eb) => eb.fn.countAll<number>().as("n")).where("segment_id", "=", segmentId).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Members in contact id order after `afterId` (schedule audiences page through them). */
export async function selectSegmentMemberIdsAfter(db: Db, segmentId: string, afterId: string | null, limit: number): Promise<string[]> {
  let q = db.selectFrom("segment_members").select("contact_id").where("segment_id", "=", segmentId);
  if (afterId !== null) q = q.where("contact_id", ">", afterId);
  return (await q.orderBy("contact_id").limit(limit).execute()).map((r) => r.contact_id);
}

/** A page of the segment's history, newest first, each entry with the contact's email (null once erased or without one). */
export async function selectSegmentHistoryPage(db: Db, segmentId: string, page: { afterId?: string; limit: number }): Promise<(SegmentHistoryRow & { email: string | null })[]> {
  let q = db
    .selectFrom("segment_history as h")
    .leftJoin("contacts as c", "c.id", "h.contact_id")
    .selectAll("h")
    .select("c.email")
    .where("h.segment_id", "=", segmentId);
  if (page.afterId !== undefined) q = q.where("h.id", "<", page.afterId);
  return q.orderBy("h.id", "desc").limit(page.limit).execute();
}

export async function selectExistingSegmentIds(db: Db, workspaceId: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db.selectFrom("segments").select("id").where("workspace_id", "=", workspaceId).where("id", "in", [...new Set(ids)]).execute();
  return new Set(rows.map((r) => r.id));
}
