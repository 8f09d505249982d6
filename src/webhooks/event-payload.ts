import { contactFromRow } from "../contacts/index.js";
import { fromJson, selectContactsByKeys, selectUserCards, type Db, type Dialect, type NewEventRow } from "../store/index.js";

/** The contact as a payload carries it: its state when the change committed, with its owner named. */
export interface ContactSnapshot {
  id: string;
  email: string | null;
  externalId: string | null;
  properties: Record<string, unknown>;
  lifecycleStage: string | null;
  score: number;
  owner: { id: string; email: string; name: string | null } | null;
  timezone: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * The contacts of these events as they stand in the transaction that stores them, read once per
 * unit of work; a contact removed in it (merged into another) has none.
 */
export async function contactSnapshots(db: Db, dialect: Dialect, workspaceId: string, contactIds: string[]): Promise<Map<string, ContactSnapshot>> {
  // These rows were just written by this transaction, which holds their locks already.
  const contacts = (await selectContactsByKeys(db, dialect, workspaceId, { ids: contactIds }, false)).map(contactFromRow);
  const owners = await selectUserCards(db, workspaceId, [...new Set(contacts.flatMap((c) => (c.ownerId ? [c.ownerId] : [])))]);
  return new Map(
    contacts.map((c) => [
      c.id,
      {
        id: c.id,
        email: c.email,
        externalId: c.externalId,
        properties: c.properties,
        lifecycleStage: c.lifecycleStage,
        score: c.score,
        owner: c.ownerId ? (owners.get(c.ownerId) ?? null) : null,
        timezone: c.timezone,
        createdAt: new Date(c.createdAt).toISOString(),
        updatedAt: new Date(c.updatedAt).toISOString(),
      },
    ]),
  );
}

/**
 * The body of a contact event delivery, in the Standard Webhooks shape: `type`, `timestamp` (when
 * it happened), `data` with the event's id, its own fields (`change`, as on the timeline) and the
 * contact.
 */
export function eventPayload(event: NewEventRow, contact: ContactSnapshot | undefined): string {
  return JSON.stringify({
    type: event.name,
    timestamp: new Date(Number(event.timestamp)).toISOString(),
    data: {
      eventId: event.id,
      contactId: event.contact_id,
      change: fromJson<Record<string, unknown>>(event.properties) ?? {},
      contact: contact ?? null,
    },
  });
}
