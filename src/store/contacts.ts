import type { Kysely } from "kysely";
import { insertRows } from "./bulk-insert.js";
import type { Dialect } from "./dialect.js";
import type { ContactRow, Database, NewContactRow } from "./schema.js";

export type Db = Kysely<Database>;

/** What identifies contacts to fetch; any combination, all within one workspace. */
export interface ContactKeys {
  ids?: string[];
  emails?: string[];
  externalIds?: string[];
}

/** Loads the contacts matching any of the keys; `lock` holds them for update on PostgreSQL. */
export async function selectContactsByKeys(db: Db, dialect: Dialect, workspaceId: string, keys: ContactKeys, lock = true): Promise<ContactRow[]> {
  const ids = unique(keys.ids);
  const emails = unique(keys.emails);
  const externalIds = unique(keys.externalIds);
  if (!ids.length && !emails.length && !externalIds.length) return [];
  const query = db
    .selectFrom("contacts")
    .selectAll()
    // The workspace goes inside each branch so that each one is an index lookup (SQLite would
    // otherwise walk the whole workspace).
    .where((eb) =>
      eb.or([
        ...(ids.length ? [eb.and([eb("workspace_id", "=", workspaceId), eb("id", "in", ids)])] : []),
        ...(emails.length ? [eb.and([eb("workspace_id", "=", workspaceId), eb("email", "in", emails)])] : []),
        ...(externalIds.length ? [eb.and([eb("workspace_id", "=", workspaceId), eb("external_id", "in", externalIds)])] : []),
      ]),
    );
  return (lock ? dialect.forUpdateInOrder(query, "id") : query).execute();
}

/** Maps anonymous ids to the contacts they were resolved to. */
export async function selectAnonymousIds(db: Db, workspaceId: string, anonymousIds: string[]): Promise<Map<string, string>> {
  const ids = unique(anonymousIds);
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom("anonymous_ids")
    .select(["anonymous_id", "contact_id"])
    .where("workspace_id", "=", workspaceId)
    .where("anonymous_id", "in", ids)
    .execute();
  return new Map(rows.map((r) => [r.anonymous_id, r.contact_id]));
}

/** The columns a changed contact rewrites; `id`, `workspace_id` and `created_at` never change. */
const CONTACT_UPSERT = `on conflict (id) do update set ${[
  "email",
  "external_id",
  "properties",
  "lifecycle_stage",
  "score",
  "owner_id",
  "timezone",
  "subscriptions",
  "updated_at",
]
  .map((c) => `"${c}" = excluded."${c}"`)
  .join(", ")}`;

/** Inserts new contacts and rewrites changed ones, in as few statements as the dialect allows. */
export async function upsertContacts(db: Db, dialect: Dialect, rows: NewContactRow[]): Promise<void> {
  await insertRows(db, dialect, "contacts", rows, CONTACT_UPSERT);
}

export async function deleteContacts(db: Db, workspaceId: string, ids: string[]): Promise<void> {
  if (!ids.length) return;
  await db.deleteFrom("contacts").where("workspace_id", "=", workspaceId).where("id", "in", ids).execute();
}

export async function insertAnonymousIds(
  db: Db,
  dialect: Dialect,
  rows: { workspace_id: string; anonymous_id: string; contact_id: string; created_at: number }[],
): Promise<void> {
  await insertRows(db, dialect, "anonymous_ids", rows);
}

/**
 * Moves everything that hangs off `fromId` to `intoId` (events, anonymous ids, form submissions,
 * tags, list memberships, topic choices where `intoId` has made none), ahead of deleting `fromId`: the
 * history of a merged contact is kept.
 */
export async function moveContactChildren(db: Db, fromId: string, intoId: string): Promise<void> {
  await db.updateTable("events").set({ contact_id: intoId }).where("contact_id", "=", fromId).execute();
  await db.updateTable("anonymous_ids").set({ contact_id: intoId }).where("contact_id", "=", fromId).execute();
  await db.updateTable("form_submissions").set({ contact_id: intoId }).where("contact_id", "=", fromId).execute();
  await db
    .insertInto("contact_tags")
    .columns(["workspace_id", "contact_id", "tag", "created_at"])
    .expression((eb) =>
      eb.selectFrom("contact_tags").select((s) => ["workspace_id", s.val(intoId).as("contact_id"), "tag", "created_at"]).where("contact_id", "=", fromId),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
  await db
    .insertInto("list_members")
    .columns(["workspace_id", "list_id", "contact_id", "created_at"])
    .expression((eb) =>
      eb.selectFrom("list_members").select((s) => ["workspace_id", "list_id", s.val(intoId).as("contact_id"), "created_at"]).where("contact_id", "=", fromId),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
  await db
    .insertInto("topic_subscriptions")
    .columns(["contact_id", "topic_id", "status", "changed_at", "source"])
    .expression((eb) =>
      eb.selectFrom("topic_subscriptions").select((s) => [s.val(intoId).as("contact_id"), "topic_id", "status", "changed_at", "source"]).where("contact_id", "=", fromId),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
}

function unique(values: (string | null | undefined)[] | undefined): string[] {
  return values ? [...new Set(values.filter((v): v is string => typeof v === "string"))] : [];
}
