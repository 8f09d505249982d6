import type { Db } from "./contacts.js";
import type { Json, SubscriptionTopicRow, TopicSubscriptionRow } from "./schema.js";

export async function insertTopic(db: Db, row: SubscriptionTopicRow): Promise<void> {
  await db.insertInto("subscription_topics").values(row).execute();
}

export async function selectTopic(db: Db, workspaceId: string, id: string): Promise<SubscriptionTopicRow | undefined> {
  return db.selectFrom("subscription_topics").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", id).executeTakeFirst();
}

export async function selectTopicByName(db: Db, workspaceId: string, name: string): Promise<SubscriptionTopicRow | undefined> {
  return db.selectFrom("subscription_topics").selectAll().where("workspace_id", "=", workspaceId).where("name", "=", name).executeTakeFirst();
}

/** Every topic of the workspace in creation order. */
export async function selectTopics(db: Db, workspaceId: string): Promise<SubscriptionTopicRow[]> {
  return db.selectFrom("subscription_topics").selectAll().where("workspace_id", "=", workspaceId).orderBy("id").execute();
}

export async function updateTopic(
  db: Db,
  workspaceId: string,
  id: string,
  set: Partial<Pick<SubscriptionTopicRow, "name" | "description" | "default_status" | "updated_at">>,
): Promise<void> {
  await db.updateTable("subscription_topics").set(set).where("workspace_id", "=", workspaceId).where("id", "=", id).execute();
}

/** Deletes the topic and, by cascade, every contact's choice for it; false when there was none. */
export async function deleteTopic(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const rows = await db.deleteFrom("subscription_topics").where("workspace_id", "=", workspaceId).where("id", "=", id).returning("id").execute();
  return rows.length > 0;
}

/** The topics a contact has chosen for (the others follow their default). */
export async function selectTopicSubscriptions(db: Db, contactId: string): Promise<TopicSubscriptionRow[]> {
  return db.selectFrom("topic_subscriptions").selectAll().where("contact_id", "=", contactId).execute();
}

/** Records choices, replacing earlier ones for the same (contact, topic). */
export async function upsertTopicSubscriptions(db: Db, rows: TopicSubscriptionRow[]): Promise<void> {
  if (!rows.length) return;
  await db
    .insertInto("topic_subscriptions")
    .values(rows)
    .onConflict((oc) =>
      oc.columns(["contact_id", "topic_id"]).doUpdateSet((eb) => ({
        status: eb.ref("excluded.status"),
        changed_at: eb.ref("excluded.changed_at"),
        source: eb.ref("excluded.source"),
      })),
    )
    .execute();
}

/** What the send-time check needs of one contact; the topic columns are null without a topic. */
export interface ConsentFacts {
  id: string;
  subscriptions: Json;
  /** Null when the topic asked about does not exist. */
  topic_id: string | null;
  topic_name: string | null;
  default_status: SubscriptionTopicRow["default_status"] | null;
  /** The contact's choice for the topic; null when it has made none. */
  topic_status: TopicSubscriptionRow["status"] | null;
}

/**
 * The channel subscriptions of the contacts among `contactIds`, with the topic and each one's
 * choice for it, in one query (absent contacts have no row).
 */
export async function selectConsentFacts(db: Db, workspaceId: string, contactIds: string[], topicId: string | undefined): Promise<ConsentFacts[]> {
  if (!contactIds.length) return [];
  const contacts = db.selectFrom("contacts as c").where("c.workspace_id", "=", workspaceId).where("c.id", "in", contactIds);
  if (topicId === undefined) {
    const rows = await contacts.select(["c.id", "c.subscriptions"]).execute();
    return rows.map((r) => ({ ...r, topic_id: null, topic_name: null, default_status: null, topic_status: null }));
  }
  return contacts
    .leftJoin("subscription_topics as t", (j) => j.on("t.workspace_id", "=", workspaceId).on("t.id", "=", topicId))
    .leftJoin("topic_subscriptions as ts", (j) => j.onRef("ts.contact_id", "=", "c.id").on("ts.topic_id", "=", topicId))
    .select(["c.id", "c.subscriptions", "t.id as topic_id", "t.name as topic_name", "t.default_status", "ts.status as topic_status"])
    .execute();
}
