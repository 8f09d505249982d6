import { NotFoundError } from "../core/index.js";
import type { Deps } from "../deps.js";
import { selectAnonymousIds, selectContactPage, selectContactsByKeys, selectTags, type ContactFilter } from "../store/index.js";
import { contactFromRow, normalizeEmail, type Contact } from "./contact.js";
import type { ContactKey } from "./session.js";
import { contactToApi } from "./to-api.js";
import type { ContactOut } from "../schemas/contact.js";

/** Reads one contact without locking it; NotFoundError when there is none. */
export async function readContact(deps: Deps, workspaceId: string, key: ContactKey): Promise<Contact> {
  let keys: { ids?: string[]; emails?: string[]; externalIds?: string[] };
  if ("id" in key) keys = { ids: [key.id] };
  else if ("email" in key) keys = { emails: [normalizeEmail(key.email) ?? key.email] };
  else if ("externalId" in key) keys = { externalIds: [key.externalId] };
  else keys = { ids: [...(await selectAnonymousIds(deps.db, workspaceId, [key.anonymousId])).values()] };
  const [row] = await selectContactsByKeys(deps.db, deps.dialect, workspaceId, keys, false);
  if (!row) throw new NotFoundError(`no contact with ${Object.keys(key)[0]} ${JSON.stringify(Object.values(key)[0])}`);
  return contactFromRow(row);
}

/** One contact as the API shows it. */
export async function readContactOut(deps: Deps, workspaceId: string, key: ContactKey): Promise<ContactOut> {
  const c = await readContact(deps, workspaceId, key);
  const tags = await selectTags(deps.db, [c.id]);
  return contactToApi(c, tags.get(c.id)!);
}

/** A page of contacts (in creation order) with their tags, fetched in two queries. */
export async function listContacts(
  deps: Deps,
  workspaceId: string,
  filter: ContactFilter,
  page: { afterId?: string; limit: number },
): Promise<ContactOut[]> {
  const rows = await selectContactPage(deps.db, deps.dialect, workspaceId, filter, page);
  const tags = await selectTags(deps.db, rows.map((r) => r.id));
  return rows.map((r) => contactToApi(contactFromRow(r), tags.get(r.id)!));
}
