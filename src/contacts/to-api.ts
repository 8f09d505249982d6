import type { ContactOut } from "../schemas/contact.js";
import type { Contact } from "./contact.js";

/** The contact as the API shows it: ISO times and its tags sorted. */
export function contactToApi(c: Contact, tags: Iterable<string>): ContactOut {
  return {
    id: c.id,
    email: c.email,
    externalId: c.externalId,
    properties: c.properties,
    tags: [...tags].sort(),
    lifecycleStage: c.lifecycleStage,
    score: c.score,
    ownerId: c.ownerId,
    timezone: c.timezone,
    subscriptions: c.subscriptions,
    createdAt: new Date(c.createdAt).toISOString(),
    updatedAt: new Date(c.updatedAt).toISOString(),
  };
}

/** The contact as templates see it: `{{ contact.email }}`, `{{ contact.properties.plan }}`… */
export function contactMergeFields(c: Contact): Record<string, unknown> {
  return { id: c.id, email: c.email, externalId: c.externalId, properties: c.properties, lifecycleStage: c.lifecycleStage, score: c.score, timezone: c.timezone };
}
