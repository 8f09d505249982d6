import { insertRows } from "./bulk-insert.js";
import type { Dialect } from "./dialect.js";
import type { Db } from "./contacts.js";

/** Pairs removed per DELETE: two parameters each, well under either database's limit. */
const PAIRS_PER_STATEMENT = 500;

export interface TagRow {
  workspace_id: string;
  contact_id: string;
  tag: string;
  created_at: number;
}

export interface ListMemberRow {
  workspace_id: string;
  list_id: string;
  contact_id: string;
  created_at: number;
}

export async function selectTags(db: Db, contactIds: string[]): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>(contactIds.map((id) => [id, new Set()]));
  if (!contactIds.length) return out;
  const rows = await db.selectFrom("contact_tags").select(["contact_id", "tag"]).where("contact_id", "in", contactIds).execute();
  for (const r of rows) out.get(r.contact_id)!.add(r.tag);
  return out;
}

export async function insertTags(db: Db, dialect: Dialect, rows: TagRow[]): Promise<void> {
  await insertRows(db, dialect, "contact_tags", rows, "on conflict do nothing");
}

export async function deleteTags(db: Db, pairs: { contact_id: string; tag: string }[]): Promise<void> {
  for (let i = 0; i < pairs.length; i += PAIRS_PER_STATEMENT) {
    const chunk = pairs.slice(i, i + PAIRS_PER_STATEMENT);
    await db
      .deleteFrom("contact_tags")
      .where((eb) => eb.or(chunk.map((p) => eb.and([eb("contact_id", "=", p.contact_id), eb("tag", "=", p.tag)]))))
      .execute();
  }
}

/** List ids each contact belongs to. */
export async function selectListMemberships(db: Db, contactIds: string[]): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>(contactIds.map((id) => [id, new Set()]));
  if (!contactIds.length) return out;
  const rows = await db.selectFrom("list_members").select(["contact_id", "list_id"]).where("contact_id", "in", contactIds).execute();
  for (const r of rows) out.get(r.contact_id)!.add(r.list_id);
  return out;
}

export async function insertListMembers(db: Db, dialect: Dialect, rows: ListMemberRow[]): Promise<void> {
  await insertRows(db, dialect, "list_members", rows, "on conflict do nothing");
}

export async function deleteListMembers(db: Db, pairs: { list_id: string; contact_id: string }[]): Promise<void> {
  for (let i = 0; i < pairs.length; i += PAIRS_PER_STATEMENT) {
    const chunk = pairs.slice(i, i + PAIRS_PER_STATEMENT);
    await db
      .deleteFrom("list_members")
      .where((eb) => eb.or(chunk.map((p) => eb.and([eb("list_id", "=", p.list_id), eb("contact_id", "=", p.contact_id)]))))
      .execute();
  }
}

export async function selectListNames(db: Db, listIds: string[]): Promise<Map<string, string>> {
  if (!listIds.length) return new Map();
  const rows = await db.selectFrom("lists").select(["id", "name"]).where("id", "in", listIds).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
