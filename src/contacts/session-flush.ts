import {
  deleteContacts,
  deleteListMembers,
  deleteTags,
  insertAnonymousIds,
  insertEvents,
  insertListMembers,
  insertPropertyDefinitions,
  insertTags,
  moveContactChildren,
  upsertContacts,
  type Db,
  type Dialect,
  type ListMemberRow,
  type NewContactRow,
  type NewEventRow,
  type PropertyDefinitionRow,
  type TagRow,
} from "../store/index.js";
import type { ContactSource } from "./session.js";

/** What a contact session has changed and not yet written. */
export interface PendingWrites {
  created: Set<string>;
  dirty: Set<string>;
  deleted: Set<string>;
  merges: { from: string; into: string }[];
  events: NewEventRow[];
  /** `contact.created` rows, filled with the contact's final state at flush. */
  createdEvents: Map<string, { row: NewEventRow; source: ContactSource }>;
  anonymousIds: { workspace_id: string; anonymous_id: string; contact_id: string; created_at: number }[];
  tagsAdded: TagRow[];
  tagsRemoved: { contact_id: string; tag: string }[];
  listsJoined: ListMemberRow[];
  listsLeft: { list_id: string; contact_id: string }[];
  propertyDefinitions: PropertyDefinitionRow[];
}

/**
 * Writes a session's changes in dependency order: merged contacts hand their children over and
 * disappear before the survivors are written (they may take over a unique email), then
 * identities, memberships and events. Returns the events written.
 */
export async function flushSession(
  db: Db,
  dialect: Dialect,
  workspaceId: string,
  w: PendingWrites,
  rowOf: (id: string) => NewContactRow,
): Promise<NewEventRow[]> {
  const gone = (id: string) => w.deleted.has(id);
  await insertPropertyDefinitions(db, w.propertyDefinitions);
  for (const { from, into } of w.merges) await moveContactChildren(db, from, into);
  await deleteContacts(db, workspaceId, [...w.deleted].filter((id) => !w.created.has(id)));
  const live = [...w.created, ...w.dirty].filter((id) => !gone(id));
  await upsertContacts(db, dialect, live.map(rowOf));
  await insertAnonymousIds(db, dialect, w.anonymousIds.filter((r) => !gone(r.contact_id)));
  await deleteTags(db, w.tagsRemoved.filter((r) => !gone(r.contact_id)));
  await insertTags(db, dialect, w.tagsAdded.filter((r) => !gone(r.contact_id)));
  await deleteListMembers(db, w.listsLeft.filter((r) => !gone(r.contact_id)));
  await insertListMembers(db, dialect, w.listsJoined.filter((r) => !gone(r.contact_id)));
  const events = [...[...w.createdEvents.values()].map((c) => c.row), ...w.events].filter((e) => !gone(e.contact_id));
  events.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  await insertEvents(db, dialect, events);
  return events;
}
