import { ValidationError, type FieldProblem } from "../core/index.js";
import type { Deps } from "../deps.js";
import { readContact, withContactSession, type Contact, type ContactSession } from "../contacts/index.js";
import { selectTopics, selectTopicSubscriptions, upsertTopicSubscriptions, type Db, type SubscriptionTopicRow, type TopicSubscriptionRow } from "../store/index.js";
import type { ContactTopicsOut, TopicStatus } from "../schemas/consent.js";

export type ContactTopic = ContactTopicsOut["data"][number];

/** Where a consent change was made; kept on the choice and on its event. */
export type ConsentSource = "api" | "preference_page" | "one_click" | "form";

/** The contact's status for each topic: its choice, or the topic's default. */
export function topicStatuses(topics: SubscriptionTopicRow[], choices: TopicSubscriptionRow[]): ContactTopic[] {
  const byTopic = new Map(choices.map((c) => [c.topic_id, c]));
  return topics.map((t) => {
    const choice = byTopic.get(t.id);
    return {
      topicId: t.id,
      name: t.name,
      status: choice?.status ?? t.default_status,
      byDefault: choice === undefined,
      changedAt: choice ? new Date(choice.changed_at).toISOString() : null,
      source: choice?.source ?? null,
    };
  });
}

/** The contact's status for every topic of its workspace. */
export async function topicsOf(db: Db, workspaceId: string, contactId: string): Promise<ContactTopic[]> {
  return topicStatuses(await selectTopics(db, workspaceId), await selectTopicSubscriptions(db, contactId));
}

/**
 * Records the contact's choices. Each one not already recorded as such is written and logged as
 * `topic.subscribed` / `topic.unsubscribed`, also when it equals the topic's default: an explicit
 * choice is evidence of consent, and a later change of the default no longer applies to it.
 * Returns the changes made.
 */
export async function chooseTopics(
  s: ContactSession,
  contact: Contact,
  choices: { topic: SubscriptionTopicRow; status: TopicStatus }[],
  source: ConsentSource,
): Promise<{ topic: SubscriptionTopicRow; status: TopicStatus }[]> {
  const current = new Map((await selectTopicSubscriptions(s.transaction, contact.id)).map((c) => [c.topic_id, c.status]));
  const changed = choices.filter((c) => current.get(c.topic.id) !== c.status);
  const rows = changed.map((c) => ({ contact_id: contact.id, topic_id: c.topic.id, status: c.status, changed_at: s.now, source }));
  // A contact this unit of work creates is written at its end: its choices go in after it.
  if (s.isNew(contact)) s.afterWrite((db) => upsertTopicSubscriptions(db, rows));
  else await upsertTopicSubscriptions(s.transaction, rows);
  for (const { topic, status } of changed) {
    s.record(contact, { kind: "internal", name: `topic.${status}`, properties: { topicId: topic.id, topicName: topic.name, source } });
  }
  return changed;
}

/** Reads a contact's topics (NotFoundError when there is no such contact). */
export async function contactTopics(deps: Deps, workspaceId: string, contactId: string): Promise<ContactTopic[]> {
  await readContact(deps, workspaceId, { id: contactId });
  return topicsOf(deps.db, workspaceId, contactId);
}

/** Sets the status of the topics named (by id) and leaves the others; an unknown id rejects the call. */
export async function putContactTopics(deps: Deps, workspaceId: string, contactId: string, input: Record<string, TopicStatus>): Promise<ContactTopic[]> {
  return withContactSession(deps, workspaceId, async (s) => {
    const contact = await s.get({ id: contactId });
    const topics = new Map((await selectTopics(s.transaction, workspaceId)).map((t) => [t.id, t]));
    const problems: FieldProblem[] = Object.keys(input)
      .filter((id) => !topics.has(id))
      .map((id) => ({ field: `topics.${id}`, message: `no topic ${JSON.stringify(id)} in this workspace` }));
    if (problems.length) throw new ValidationError(problems);
    await chooseTopics(s, contact, Object.entries(input).map(([id, status]) => ({ topic: topics.get(id)!, status })), "api");
    return topicsOf(s.transaction, workspaceId, contact.id);
  });
}
