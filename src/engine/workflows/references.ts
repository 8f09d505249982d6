import { NotFoundError } from "../../core/index.js";
import type { Deps } from "../../deps.js";
import { selectExistingFormIds, selectExistingIds, selectExistingSegmentIds, selectExistingTemplateIds, selectPropertyDefinitions, selectWorkspace, type Db } from "../../store/index.js";
import type { WorkflowReferences } from "../definition/validate.js";

/**
 * The workspace as workflow validation sees it. Pass `db` when validating inside a transaction:
 * SQLite has one connection, which the transaction holds.
 */
export async function createWorkflowReferences(deps: Deps, workspaceId: string, options: { db?: Db; selfId?: string } = {}): Promise<WorkflowReferences> {
  const db = options.db ?? deps.db;
  const workspace = await selectWorkspace(db, workspaceId);
  if (!workspace) throw new NotFoundError(`no workspace ${JSON.stringify(workspaceId)}`);
  return {
    lists: (ids) => selectExistingIds(db, "lists", workspaceId, ids),
    users: (ids) => selectExistingIds(db, "users", workspaceId, ids),
    workflows: (ids) => selectExistingIds(db, "workflows", workspaceId, ids),
    segments: (ids) => selectExistingSegmentIds(db, workspaceId, ids),
    forms: (ids) => selectExistingFormIds(db, workspaceId, ids),
    emailTemplates: (ids) => selectExistingTemplateIds(db, workspaceId, "email", ids),
    smsTemplates: (ids) => selectExistingTemplateIds(db, workspaceId, "sms", ids),
    inAppTemplates: (ids) => selectExistingTemplateIds(db, workspaceId, "in_app", ids),
    properties: async () => new Map((await selectPropertyDefinitions(db, workspaceId)).map((d) => [d.name, d.type])),
    lifecycleStages: workspace.settings.lifecycleStages.map((s) => s.id),
    ...(options.selfId === undefined ? {} : { selfId: options.selfId }),
  };
}
