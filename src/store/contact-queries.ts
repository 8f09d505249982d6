import type { Dialect } from "./dialect.js";
import type { Db } from "./contacts.js";
import { CREATION_ORDER, orderContacts, type ContactOrder, type ContactPosition } from "./contact-order.js";
import type { ContactRow } from "./schema.js";

/** Filters shared by the contact list endpoint and the CSV export. */
export interface ContactFilter {
  email?: string;
  externalId?: string;
  tag?: string;
  listId?: string;
  segmentId?: string;
  lifecycleStage?: string;
  ownerId?: string;
  /** Text contained in the email, the external id or a property's value, case-insensitive. */
  q?: string;
  /** epoch ms, inclusive */
  createdAfter?: number;
  /** epoch ms, exclusive */
  createdBefore?: number;
}

/** `limit` contacts in `order` (default: id, that is creation, order) after `after` (or after the id `afterId`). */
export async function selectContactPage(
  db: Db,
  dialect: Dialect,
  workspaceId: string,
  filter: ContactFilter,
  page: { afterId?: string; limit: number; order?: ContactOrder; after?: ContactPosition },
): Promise<ContactRow[]> {
  let q = db.selectFrom("contacts").selectAll("contacts").where("contacts.workspace_id", "=", workspaceId);
  if (filter.email !== undefined) q = q.where("contacts.email", "=", filter.email.trim().toLowerCase());
  if (filter.externalId !== undefined) q = q.where("contacts.external_id", "=", filter.externalId);
  if (filter.lifecycleStage !== undefined) q = q.where("contacts.lifecycle_stage", "=", filter.lifecycleStage);
  if (filter.ownerId !== undefined) q = q.where("contacts.owner_id", "=", filter.ownerId);
  if (filter.createdAfter !== undefined) q = q.where("contacts.created_at", ">=", filter.createdAfter);
  if (filter.createdBefore !== undefined) q = q.where("contacts.created_at", "<", filter.createdBefore);
  if (filter.tag !== undefined) {
    const tag = filter.tag;
    q = q.where(({ exists, selectFrom }) =>
      exists(selectFrom("contact_tags").select("contact_tags.tag").whereRef("contact_tags.contact_id", "=", "contacts.id").where("contact_tags.tag", "=", tag)),
    );
  }
  if (filter.listId !== undefined) {
    const listId = filter.listId;
    q = q.where(({ exists, selectFrom }) =>
      exists(selectFrom("list_members").select("list_members.list_id").whereRef("list_members.contact_id", "=", "contacts.id").where("list_members.list_id", "=", listId)),
    );
  }
  if (filter.segmentId !== undefined) {
    const segmentId = filter.segmentId;
    q = q.where(({ exists, selectFrom }) =>
      exists(selectFrom("segment_members").select("segment_members.segment_id").whereRef("segment_members.contact_id", "=", "contacts.id").where("segment_members.segment_id", "=", segmentId)),
    );
  }
  if (filter.q !== undefined) {
    const pattern = `%${filter.q.replace(/[%_\\]/g, "")}%`;
    q = q.where((eb) =>
      eb.or([dialect.ilike("contacts.email", pattern), dialect.ilike("contacts.external_id", pattern), dialect.anyJsonValueLike("contacts.properties", pattern)]),
    );
  }
  const after = page.after ?? (page.afterId === undefined ? undefined : { value: null, id: page.afterId });
  return orderContacts(q, page.order ?? CREATION_ORDER, after).limit(page.limit).execute();
}
