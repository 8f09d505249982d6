import { ValidationError } from "../core/index.js";
import type { Deps } from "../deps.js";
import { fromJson, selectTimelinePage, type EventRow, type TimelineFilter, type TimelinePosition } from "../store/index.js";
import type { TimelineEventOut } from "../schemas/timeline.js";
import { readContact } from "./read.js";

export function eventToApi(row: EventRow): TimelineEventOut {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    properties: fromJson<Record<string, unknown>>(row.properties),
    context: row.context === null ? null : fromJson<Record<string, unknown>>(row.context),
    messageId: row.message_id,
    timestamp: new Date(row.timestamp).toISOString(),
    receivedAt: new Date(row.received_at).toISOString(),
  };
}

/** A page of the contact's timeline, newest first; NotFoundError when there is no such contact. */
export async function readTimeline(
  deps: Deps,
  workspaceId: string,
  contactId: string,
  filter: TimelineFilter,
  page: { before?: TimelinePosition; limit: number },
): Promise<EventRow[]> {
  await readContact(deps, workspaceId, { id: contactId });
  return selectTimelinePage(deps.db, workspaceId, contactId, filter, page);
}

/** The composite cursor of a timeline page: the (timestamp, id) of its last event. */
export function timelinePosition(decoded: unknown[] | undefined): TimelinePosition | undefined {
  if (decoded === undefined) return undefined;
  const [timestamp, id] = decoded;
  if (typeof timestamp !== "number" || !Number.isSafeInteger(timestamp) || typeof id !== "string") {
    throw ValidationError.field("query.cursor", "is not a cursor this API returned");
  }
  return { timestamp, id };
}
