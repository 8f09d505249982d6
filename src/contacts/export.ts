import type { Deps } from "../deps.js";
import { selectAllEventsOf, selectAnonymousIdsOf, selectListsOfContact, selectTags, selectUser } from "../store/index.js";
import type { ContactExportOut } from "../schemas/timeline.js";
import { readContact } from "./read.js";
import { eventToApi } from "./timeline.js";
import { contactToApi } from "./to-api.js";

/** Everything stored about one contact, for a GDPR access request; events oldest first. */
export async function exportContact(deps: Deps, workspaceId: string, contactId: string): Promise<ContactExportOut> {
  const contact = await readContact(deps, workspaceId, { id: contactId });
  const [tags, lists, anonymousIds, events, owner] = await Promise.all([
    selectTags(deps.db, [contact.id]),
    selectListsOfContact(deps.db, workspaceId, contact.id),
    selectAnonymousIdsOf(deps.db, workspaceId, contact.id),
    selectAllEventsOf(deps.db, workspaceId, contact.id),
    contact.ownerId === null ? undefined : selectUser(deps.db, deps.dialect, workspaceId, contact.ownerId),
  ]);
  const tagList = [...tags.get(contact.id)!].sort();
  return {
    exportedAt: new Date(deps.clock.now()).toISOString(),
    contact: contactToApi(contact, tagList),
    owner: owner ? { id: owner.id, email: owner.email, name: owner.name, role: owner.role, createdAt: new Date(owner.created_at).toISOString() } : null,
    tags: tagList,
    lists: lists.map((l) => ({ id: l.id, name: l.name })),
    anonymousIds,
    events: events.map(eventToApi),
  };
}
