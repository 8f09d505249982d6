import { ConflictError, NotFoundError } from "../core/index.js";
import type { Deps } from "../deps.js";
import {
  deleteTopic as deleteTopicRow,
  insertTopic,
  selectTopic,
  selectTopicByName,
  selectTopics,
  updateTopic as updateTopicRow,
  type Db,
  type SubscriptionTopicRow,
} from "../store/index.js";
import type { TopicCreate, TopicOut, TopicUpdate } from "../schemas/consent.js";

export function topicToApi(row: SubscriptionTopicRow): TopicOut {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    defaultStatus: row.default_status,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export async function createTopic(deps: Deps, workspaceId: string, input: TopicCreate): Promise<TopicOut> {
  const now = deps.clock.now();
  const row: SubscriptionTopicRow = {
    id: deps.ids(),
    workspace_id: workspaceId,
    name: input.name,
    description: input.description ?? null,
    default_status: input.defaultStatus,
    created_at: now,
    updated_at: now,
  };
  await withUniqueName(deps, workspaceId, row.name, undefined, () => insertTopic(deps.db, row));
  return topicToApi(row);
}

/** The topic or NotFoundError (`db`: read inside a caller's transaction). */
export async function getTopicRow(deps: Deps, workspaceId: string, id: string, db: Db = deps.db): Promise<SubscriptionTopicRow> {
  const row = await selectTopic(db, workspaceId, id);
  if (!row) throw new NotFoundError(`no topic ${JSON.stringify(id)}`);
  return row;
}

export async function readTopic(deps: Deps, workspaceId: string, id: string): Promise<TopicOut> {
  return topicToApi(await getTopicRow(deps, workspaceId, id));
}

/** Every topic of the workspace, in creation order (a workspace has a handful, not thousands). */
export async function listTopics(deps: Deps, workspaceId: string): Promise<TopicOut[]> {
  return (await selectTopics(deps.db, workspaceId)).map(topicToApi);
}

/**
 * Changes a topic. A new default applies at once to every contact that has not chosen, which is
 * how an opt-in topic becomes opt-out: make sure the contacts agreed to that.
 */
export async function updateTopic(deps: Deps, workspaceId: string, id: string, input: TopicUpdate): Promise<TopicOut> {
  const current = await getTopicRow(deps, workspaceId, id);
  const set: Partial<Pick<SubscriptionTopicRow, "name" | "description" | "default_status" | "updated_at">> = { updated_at: deps.clock.now() };
  if (input.name !== undefined) set.name = input.name;
  if (input.description !== undefined) set.description = input.description;
  if (input.defaultStatus !== undefined) set.default_status = input.defaultStatus;
  const write = () => updateTopicRow(deps.db, workspaceId, id, set);
  if (set.name !== undefined && set.name !== current.name) await withUniqueName(deps, workspaceId, set.name, id, write);
  else await write();
  return readTopic(deps, workspaceId, id);
}

/**
 * Deletes a topic with every contact's choice for it. Their timelines keep the `topic.*` events
 * that recorded those choices; a message still naming the topic is refused at send time.
 */
export async function deleteTopic(deps: Deps, workspaceId: string, id: string): Promise<void> {
  if (!(await deleteTopicRow(deps.db, workspaceId, id))) throw new NotFoundError(`no topic ${JSON.stringify(id)}`);
}

async function withUniqueName(deps: Deps, workspaceId: string, name: string, self: string | undefined, write: () => Promise<void>): Promise<void> {
  const taken = () => new ConflictError(`a topic named ${JSON.stringify(name)} already exists`, "name");
  const other = await selectTopicByName(deps.db, workspaceId, name);
  if (other && other.id !== self) throw taken();
  try {
    await write();
  } catch (err) {
    // Lost a race for the name: report it as the conflict it is.
    const winner = await selectTopicByName(deps.db, workspaceId, name);
    if (winner && winner.id !== self) throw taken();
    throw err;
  }
}
