import { createIdGenerator, createManualClock, NotFoundError, ValidationError, type FieldProblem, type ManualClock } from "../../core/index.js";
import { linkSigningKey } from "../../channels/index.js";
import type { Deps } from "../../deps.js";
import type { WorkflowDefinition } from "../../schemas/workflow/index.js";
import {
  createScratchStore,
  fromJson,
  insertList,
  insertPropertyDefinitions,
  insertTemplate,
  insertUser,
  insertWorkflow,
  insertWorkflowVersion,
  insertWorkspace,
  selectListsByIds,
  selectPropertyDefinitions,
  selectTemplate,
  selectTemplateVersion,
  selectUsersByIds,
  selectWorkspace,
  toJson,
  updateWorkspaceSettings,
} from "../../store/index.js";

/** A throwaway store on a manual clock: everything a simulation writes goes here and is dropped. */
export interface Scratch {
  deps: Deps;
  clock: ManualClock;
  close(): Promise<void>;
}

/**
 * Opens an empty in-memory SQLite store, migrated, with a manual clock at `startAt` (epoch ms).
 * It shares nothing with `real` but its configuration and logger: no caches, no event reactors.
 */
export async function openScratch(real: Deps, startAt: number): Promise<Scratch> {
  const store = await createScratchStore();
  const clock = createManualClock(startAt);
  const deps: Deps = {
    db: store.db,
    dialect: store.dialect,
    clock,
    ids: createIdGenerator(clock),
    logger: real.logger.child({ simulation: true }),
    config: real.config,
    propertyTypes: new Map(),
    eventReactors: [],
    contactDerivers: [],
    backgroundJobs: [],
  };
  // Read now, outside any transaction: steps signing links run inside one (SQLite has one connection).
  await linkSigningKey(deps);
  return { deps, clock, close: () => store.close() };
}

/** The lists and users to copy, each with the input field that names it (for a missing one). */
export interface Wanted {
  lists: Map<string, string | undefined>;
  users: Map<string, string | undefined>;
  /** Templates the definition sends (it passed validation: they exist). */
  templates: Set<string>;
}

/**
 * Copies the workspace (its settings: lifecycle stages), its property types, and the wanted
 * lists and users. A wanted id the workspace lacks is a 400 naming its field; ids without a field
 * come from a definition that already passed validation.
 */
export async function copyWorkspace(real: Deps, scratch: Deps, workspaceId: string, wanted: Wanted): Promise<void> {
  const workspace = await selectWorkspace(real.db, workspaceId);
  if (!workspace) throw new NotFoundError(`no workspace ${workspaceId}`);
  const [properties, lists, users] = await Promise.all([
    selectPropertyDefinitions(real.db, workspaceId),
    selectListsByIds(real.db, workspaceId, [...wanted.lists.keys()]),
    selectUsersByIds(real.db, workspaceId, [...wanted.users.keys()]),
  ]);
  const missing: FieldProblem[] = [];
  for (const [kind, want, found] of [["list", wanted.lists, lists], ["user", wanted.users, users]] as const) {
    const ids = new Set(found.map((r) => r.id));
    for (const [id, field] of want) if (!ids.has(id) && field) missing.push({ field, message: `no ${kind} ${JSON.stringify(id)} in this workspace` });
  }
  if (missing.length) throw new ValidationError(missing);
  await insertWorkspace(scratch.db, { id: workspace.id, name: workspace.name, createdAt: workspace.createdAt });
  await updateWorkspaceSettings(scratch.db, workspace.id, workspace.settings);
  await insertPropertyDefinitions(scratch.db, properties);
  for (const list of lists) await insertList(scratch.db, list);
  for (const user of users) await insertUser(scratch.db, user);
  for (const id of wanted.templates) {
    const template = await selectTemplate(real.db, real.dialect, workspaceId, id);
    const version = template && (await selectTemplateVersion(real.db, id, template.version));
    // JSON columns come back parsed from PostgreSQL (jsonb): the SQLite scratch store takes text.
    if (template && version) await insertTemplate(scratch.db, template, { ...version, content: rejson(version.content), compiled: rejson(version.compiled) });
  }
}

const rejson = (value: unknown): string => toJson(fromJson(value));

/** Publishes `definition` as version 1 of an active workflow of the scratch store; returns its id. */
export async function publishInScratch(scratch: Deps, workspaceId: string, name: string, definition: WorkflowDefinition): Promise<string> {
  const now = scratch.clock.now();
  // A fresh id: the engine caches definitions by (workflow, version) across stores.
  const id = scratch.ids();
  await insertWorkflow(scratch.db, {
    id,
    workspace_id: workspaceId,
    name,
    description: null,
    status: "active",
    draft: toJson(definition),
    current_version: 1,
    created_at: now,
    updated_at: now,
  });
  await insertWorkflowVersion(scratch.db, { workflow_id: id, version: 1, definition: toJson(definition), published_at: now });
  return id;
}
