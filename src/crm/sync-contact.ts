import { NotFoundError, ValidationError } from "../core/index.js";
import type { Deps } from "../deps.js";
import { contactToApi, normalizeEmail, withContactSession, type Contact, type ContactSession } from "../contacts/index.js";
import { selectUserByEmail } from "../store/index.js";
import type { CrmContactSync, CrmContactSynced, CrmOwner } from "../schemas/crm.js";

/** The timeline event that records a CRM update, and (its message id) the Idempotency-Key that made it. */
const SYNCED_EVENT = "crm.synced";
const SILENT_ON_CREATE: ReadonlySet<string> = new Set(["email.changed", "external_id.changed", "property.changed"]);

/**
 * Applies a CRM's update to one contact through the contact session, as the REST API would: each
 * change is checked and emits its usual event (lifecycle.changed with cause `crm`, owner.changed,
 * property.changed…), so workflows trigger on it and webhook subscriptions hear of it. Setting what
 * is already there emits nothing, and a repeated Idempotency-Key changes nothing at all.
 */
export async function syncCrmContact(deps: Deps, workspaceId: string, input: CrmContactSync, idempotencyKey?: string): Promise<CrmContactSynced> {
  const email = input.email === undefined ? undefined : normalizeEmail(input.email);
  if (email === undefined && input.email !== undefined) throw ValidationError.field("email", `${JSON.stringify(input.email)} is not a valid email address`);
  const messageId = idempotencyKey === undefined ? undefined : `crm:${idempotencyKey}`;
  return withContactSession(deps, workspaceId, async (s) => {
    const found = await findContact(s, email, input.externalId);
    if (messageId !== undefined && (await s.seenMessageIds([messageId])).has(messageId)) {
      if (!found) throw new NotFoundError("this Idempotency-Key was used for a contact that no longer exists");
      return { contact: contactToApi(found, await s.tagsOf(found)), created: false, changes: [], replayed: true };
    }
    if (!found && !input.createIfMissing) throw new NotFoundError(`no contact with ${input.externalId !== undefined ? `externalId ${JSON.stringify(input.externalId)}` : `email ${JSON.stringify(email)}`}`);
    const contact = found ?? s.create({}, { channel: "api" });
    const before = await snapshot(s, contact);
    if (email !== undefined) await s.setEmail(contact, email);
    if (input.externalId !== undefined) await s.setExternalId(contact, input.externalId);
    if (input.properties !== undefined) s.setProperties(contact, input.properties);
    if (input.lifecycleStage !== undefined) await s.setLifecycleStage(contact, input.lifecycleStage, "crm");
    if (input.owner !== undefined) await s.setOwner(contact, await ownerId(s, workspaceId, input.owner), input.owner && "email" in input.owner ? "owner.email" : "owner.userId");
    if (input.tags?.add) await s.addTags(contact, input.tags.add);
    if (input.tags?.remove) await s.removeTags(contact, input.tags.remove);
    const changed = changesSince(before, await snapshot(s, contact));
    // A new contact's first values are in its contact.created event, except its stage, owner and tags.
    const changes = found ? changed : ["contact.created", ...changed.filter((name) => !SILENT_ON_CREATE.has(name))];
    if (messageId !== undefined || changes.length) {
      s.record(contact, { kind: "internal", name: SYNCED_EVENT, properties: { changes, ...(idempotencyKey === undefined ? {} : { idempotencyKey }) }, messageId: messageId ?? null });
    }
    return { contact: contactToApi(contact, await s.tagsOf(contact)), created: !found, changes, replayed: false };
  });
}

/** By external id first (the CRM's own key), then by email. */
async function findContact(s: ContactSession, email: string | undefined, externalId: string | undefined): Promise<Contact | undefined> {
  await s.load({ ...(email !== undefined ? { emails: [email] } : {}), ...(externalId !== undefined ? { externalIds: [externalId] } : {}) });
  return (externalId !== undefined ? s.find({ externalId }) : undefined) ?? (email !== undefined ? s.find({ email }) : undefined);
}

async function ownerId(s: ContactSession, workspaceId: string, owner: CrmOwner | null): Promise<string | null> {
  if (owner === null || "userId" in owner) return owner?.userId ?? null;
  const user = await selectUserByEmail(s.transaction, workspaceId, normalizeEmail(owner.email) ?? owner.email);
  if (!user) throw ValidationError.field("owner.email", `no user with email ${JSON.stringify(owner.email)} in this workspace`);
  return user.id;
}

interface Snapshot {
  email: string | null;
  externalId: string | null;
  lifecycleStage: string | null;
  ownerId: string | null;
  properties: string;
  tags: string[];
}

async function snapshot(s: ContactSession, c: Contact): Promise<Snapshot> {
  return { email: c.email, externalId: c.externalId, lifecycleStage: c.lifecycleStage, ownerId: c.ownerId, properties: JSON.stringify(c.properties), tags: [...(await s.tagsOf(c))] };
}

/** The names of the events the update emitted (docs/events.md), in a fixed order. */
function changesSince(a: Snapshot, b: Snapshot): string[] {
  const added = b.tags.some((t) => !a.tags.includes(t));
  const removed = a.tags.some((t) => !b.tags.includes(t));
  return [
    ...(a.email !== b.email ? ["email.changed"] : []),
    ...(a.externalId !== b.externalId ? ["external_id.changed"] : []),
    ...(a.properties !== b.properties ? ["property.changed"] : []),
    ...(a.lifecycleStage !== b.lifecycleStage ? ["lifecycle.changed"] : []),
    ...(a.ownerId !== b.ownerId ? ["owner.changed"] : []),
    ...(added ? ["tag.added"] : []),
    ...(removed ? ["tag.removed"] : []),
  ];
}
