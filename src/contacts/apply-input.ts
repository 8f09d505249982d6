import type { ContactCreate, ContactUpdate } from "../schemas/contact.js";
import type { Contact } from "./contact.js";
import type { ContactSession } from "./session.js";

/**
 * Applies a REST create/update body to a contact, field by field, through the session so each
 * change is checked and logged. Everything is validated before the transaction commits.
 */
export async function applyContactInput(session: ContactSession, contact: Contact, input: ContactCreate | ContactUpdate, cause = "api"): Promise<void> {
  if (input.email !== undefined) await session.setEmail(contact, input.email);
  if (input.externalId !== undefined) await session.setExternalId(contact, input.externalId);
  if (input.properties !== undefined) session.setProperties(contact, input.properties);
  if (input.lifecycleStage !== undefined) await session.setLifecycleStage(contact, input.lifecycleStage, cause);
  if (input.score !== undefined) session.setScore(contact, input.score, cause);
  if (input.ownerId !== undefined) await session.setOwner(contact, input.ownerId);
  if (input.timezone !== undefined) session.setTimezone(contact, input.timezone);
  for (const [channel, status] of Object.entries(input.subscriptions ?? {})) {
    if (status) session.setSubscription(contact, channel as keyof Contact["subscriptions"], status);
  }
  if ("tags" in input && input.tags) await session.addTags(contact, input.tags);
}
