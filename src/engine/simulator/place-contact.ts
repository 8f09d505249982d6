import { ValidationError, isParcoursError } from "../../core/index.js";
import { applyContactInput, normalizeEmail, withContactSession } from "../../contacts/index.js";
import type { Deps } from "../../deps.js";
import { windowStart } from "../../rules/index.js";
import type { ContactCreate } from "../../schemas/contact.js";
import type { WorkflowDefinition } from "../../schemas/workflow/index.js";
import {
  fromJson,
  insertEvents,
  insertListMembers,
  insertTags,
  selectContactsByKeys,
  selectListMemberships,
  selectRecentEventsOf,
  selectTags,
  toJson,
  upsertContacts,
  type ContactRow,
  type EventRow,
} from "../../store/index.js";
import { collectSites } from "../definition/sites.js";

/** Events copied per contact at most: event-count rules see at most this many. */
export const MAX_COPIED_EVENTS = 10_000;

/** An existing contact as the simulation needs it, read from the real store. */
export interface ContactSnapshot {
  row: ContactRow;
  tags: Set<string>;
  listIds: Set<string>;
  events: EventRow[];
}

/**
 * Reads the contact (by id or email) with its tags, lists, and the events the definition's
 * event-count rules can see from `startAt` on: those names only, within the longest window
 * (all time for a rule without one), newest first and at most MAX_COPIED_EVENTS.
 */
export async function readContactSnapshot(
  real: Deps,
  workspaceId: string,
  key: { id: string } | { email: string },
  definition: WorkflowDefinition,
  startAt: number,
): Promise<ContactSnapshot> {
  const keys = "id" in key ? { ids: [key.id] } : { emails: [normalizeEmail(key.email) ?? key.email] };
  const [row] = await selectContactsByKeys(real.db, real.dialect, workspaceId, keys, false);
  const field = "id" in key ? "contact.id" : "contact.email";
  if (!row) throw ValidationError.field(field, `no contact with ${"id" in key ? "id" : "email"} ${JSON.stringify(Object.values(key)[0])} in this workspace`);
  const window = countedEvents(definition, startAt);
  const [tags, lists, events] = await Promise.all([
    selectTags(real.db, [row.id]),
    selectListMemberships(real.db, [row.id]),
    selectRecentEventsOf(real.db, row.id, { ...window, until: startAt, limit: MAX_COPIED_EVENTS }),
  ]);
  return { row, tags: tags.get(row.id)!, listIds: lists.get(row.id)!, events };
}

/** Writes the snapshot into the scratch store as it is (its lists and owner were copied first). */
export async function insertContactSnapshot(scratch: Deps, s: ContactSnapshot): Promise<string> {
  const { db, dialect } = scratch;
  const now = scratch.clock.now();
  const [workspaceId, contactId] = [s.row.workspace_id, s.row.id];
  // JSON columns come back parsed from PostgreSQL and as text from SQLite: stored again as text.
  await upsertContacts(db, dialect, [{ ...s.row, score: Number(s.row.score), properties: rejson(s.row.properties), subscriptions: rejson(s.row.subscriptions) }]);
  await insertTags(db, dialect, [...s.tags].map((tag) => ({ workspace_id: workspaceId, contact_id: contactId, tag, created_at: now })));
  await insertListMembers(db, dialect, [...s.listIds].map((listId) => ({ workspace_id: workspaceId, list_id: listId, contact_id: contactId, created_at: now })));
  await insertEvents(db, dialect, s.events.map((e) => ({ ...e, properties: rejson(e.properties), context: e.context === null ? null : rejson(e.context) })));
  return contactId;
}

/**
 * Creates a made-up contact in the scratch store exactly as POST /api/v1/contacts would, so the
 * same checks apply; a problem names its field under `contact.inline.`.
 */
export async function createInlineContact(scratch: Deps, workspaceId: string, input: ContactCreate): Promise<string> {
  try {
    return await withContactSession(scratch, workspaceId, async (s) => {
      const contact = s.create({}, { channel: "api" });
      await applyContactInput(s, contact, input, "simulation");
      return contact.id;
    });
  } catch (err) {
    if (err instanceof ValidationError) throw new ValidationError(err.problems.map((p) => ({ ...p, field: `contact.inline.${p.field}` })));
    if (isParcoursError(err)) throw ValidationError.field("contact.inline", err.message);
    throw err;
  }
}

const rejson = (value: unknown): string => toJson(fromJson(value));

/** The event names the definition counts, and from when its windows look back as of `startAt`. */
function countedEvents(definition: WorkflowDefinition, startAt: number): { names: string[]; since: number | null } {
  const rules = collectSites(definition).rules.flatMap((s) => (s.rule.type === "event" ? [s.rule] : []));
  let since: number | null = startAt;
  for (const rule of rules) {
    if (!rule.within) since = null;
    else if (since !== null) since = Math.min(since, windowStart(startAt, rule.within));
  }
  return { names: [...new Set(rules.map((r) => r.name))], since };
}
