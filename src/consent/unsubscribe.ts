import { NotFoundError } from "../core/index.js";
import type { Deps } from "../deps.js";
import { readContact, withContactSession, type Contact, type ContactSession } from "../contacts/index.js";
import { selectTopic, selectTopics, selectTopicSubscriptions, selectWorkspace, type SubscriptionTopicRow } from "../store/index.js";
import { chooseTopics, topicStatuses } from "./contact-topics.js";
import type { UnsubscribeTarget } from "./unsubscribe-link.js";

/** What the preference page shows. */
export interface Preferences {
  workspaceName: string;
  email: string | null;
  /** The contact unsubscribed from all marketing email. */
  unsubscribedAll: boolean;
  topics: { id: string; name: string; description: string | null; subscribed: boolean }[];
}

/** What the preference page's form asks for. */
export type PreferenceChange =
  /** Subscribed to the topics listed (by id), unsubscribed from the others. */
  | { action: "save"; subscribed: string[] }
  | { action: "unsubscribe_all" }
  | { action: "resubscribe" };

type Method = "one_click" | "preference_page";

/**
 * RFC 8058 one-click: unsubscribes from the link's topic or, when it has none (or the topic was
 * deleted since), from all marketing email. Nothing happens when that is done already or the
 * contact was erased.
 */
export async function unsubscribeOneClick(deps: Deps, target: UnsubscribeTarget): Promise<void> {
  await withContactSession(deps, target.workspaceId, async (s) => {
    const contact = await findContact(s, target);
    if (!contact) return;
    const topic = target.topicId === undefined ? undefined : await selectTopic(s.transaction, target.workspaceId, target.topicId);
    if (topic) await unsubscribeFromTopics(s, contact, [topic], target, "one_click");
    else unsubscribeAll(s, contact, target, "one_click");
  });
}

/** The preference page of the link's contact; undefined when the contact no longer exists. */
export async function readPreferences(deps: Deps, target: UnsubscribeTarget): Promise<Preferences | undefined> {
  const contact = await readContact(deps, target.workspaceId, { id: target.contactId }).catch((err: unknown) => {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  });
  return contact && preferencesOf(deps, contact);
}

/** Applies the preference page's form; returns the page as it now stands (undefined: contact erased). */
export async function savePreferences(deps: Deps, target: UnsubscribeTarget, change: PreferenceChange): Promise<Preferences | undefined> {
  const contact = await withContactSession(deps, target.workspaceId, async (s) => {
    const c = await findContact(s, target);
    if (!c) return undefined;
    if (change.action === "unsubscribe_all") unsubscribeAll(s, c, target, "preference_page");
    else if (change.action === "resubscribe") s.setSubscription(c, "email", "subscribed");
    else await saveTopics(s, c, new Set(change.subscribed), target);
    return c;
  });
  return contact && preferencesOf(deps, contact);
}

async function saveTopics(s: ContactSession, contact: Contact, subscribed: Set<string>, target: UnsubscribeTarget): Promise<void> {
  const topics = await selectTopics(s.transaction, s.workspaceId);
  const kept = topics.filter((t) => subscribed.has(t.id));
  await chooseTopics(s, contact, kept.map((topic) => ({ topic, status: "subscribed" as const })), "preference_page");
  await unsubscribeFromTopics(s, contact, topics.filter((t) => !subscribed.has(t.id)), target, "preference_page");
}

/** Each topic left is an `email.unsubscribed` too, as mail about it stops. */
async function unsubscribeFromTopics(s: ContactSession, contact: Contact, topics: SubscriptionTopicRow[], target: UnsubscribeTarget, method: Method): Promise<void> {
  const changed = await chooseTopics(s, contact, topics.map((topic) => ({ topic, status: "unsubscribed" as const })), method);
  for (const { topic } of changed) recordUnsubscribed(s, contact, target, method, topic.id);
}

/** Sets the contact's email subscription as the contacts API does (a `subscription.changed` event). */
function unsubscribeAll(s: ContactSession, contact: Contact, target: UnsubscribeTarget, method: Method): void {
  if (contact.subscriptions.email === "unsubscribed") return;
  s.setSubscription(contact, "email", "unsubscribed");
  recordUnsubscribed(s, contact, target, method, null);
}

function recordUnsubscribed(s: ContactSession, contact: Contact, target: UnsubscribeTarget, method: Method, topicId: string | null): void {
  s.record(contact, { kind: "internal", name: "email.unsubscribed", properties: { messageId: target.messageId ?? null, topicId, method } });
}

async function findContact(s: ContactSession, target: UnsubscribeTarget): Promise<Contact | undefined> {
  await s.load({ ids: [target.contactId] });
  return s.find({ id: target.contactId });
}

async function preferencesOf(deps: Deps, contact: Contact): Promise<Preferences> {
  const workspace = await selectWorkspace(deps.db, contact.workspaceId);
  const topics = await selectTopics(deps.db, contact.workspaceId);
  const statuses = new Map(topicStatuses(topics, await selectTopicSubscriptions(deps.db, contact.id)).map((t) => [t.topicId, t.status]));
  return {
    workspaceName: workspace?.name ?? "",
    email: contact.email,
    unsubscribedAll: contact.subscriptions.email === "unsubscribed",
    topics: topics.map((t) => ({ id: t.id, name: t.name, description: t.description, subscribed: statuses.get(t.id) === "subscribed" })),
  };
}
