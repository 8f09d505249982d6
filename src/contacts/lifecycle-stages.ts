import { ConflictError, NotFoundError } from "../core/index.js";
import type { Deps } from "../deps.js";
import { countContactsInStages, lockWorkspace, selectWorkspace, updateWorkspaceSettings, type Workspace } from "../store/index.js";
import type { LifecycleStage } from "../schemas/workspace.js";

/**
 * Replaces the workspace's ordered lifecycle stages. A stage still held by contacts cannot be
 * removed (ConflictError naming it): move those contacts first, so no contact is left in a stage
 * that no longer exists.
 */
export async function replaceLifecycleStages(deps: Deps, workspaceId: string, stages: LifecycleStage[]): Promise<Workspace> {
  return deps.db.transaction().execute(async (trx) => {
    if (!(await lockWorkspace(trx, deps.dialect, workspaceId))) throw new NotFoundError(`no workspace ${workspaceId}`);
    const workspace = (await selectWorkspace(trx, workspaceId))!;
    const kept = new Set(stages.map((s) => s.id));
    const removed = workspace.settings.lifecycleStages.map((s) => s.id).filter((id) => !kept.has(id));
    const inUse = await countContactsInStages(trx, workspaceId, removed);
    if (inUse.size) {
      const named = removed.filter((id) => inUse.has(id)).map((id) => `${JSON.stringify(id)} (${inUse.get(id)} contacts)`);
      throw new ConflictError(`cannot remove lifecycle stages still in use: ${named.join(", ")}; move those contacts to another stage first`, "lifecycleStages");
    }
    const settings = { ...workspace.settings, lifecycleStages: stages };
    await updateWorkspaceSettings(trx, workspaceId, settings);
    return { ...workspace, settings };
  });
}
