import type { Deps } from "../deps.js";
import { countWorkspaces, insertWorkspace, selectWorkspaceByName, type Workspace } from "../store/index.js";
import { createApiKey } from "./api-keys.js";

export const DEFAULT_WORKSPACE = "default";

/**
 * On an empty database, creates the default workspace and its first secret key, returned in
 * clear so the caller can print it once. Returns undefined when workspaces already exist.
 */
export async function bootstrapWorkspace(deps: Deps): Promise<{ workspace: Workspace; secretKey: string } | undefined> {
  if ((await countWorkspaces(deps.db)) > 0) return undefined;
  const workspace = await insertWorkspace(deps.db, { id: deps.ids(), name: DEFAULT_WORKSPACE, createdAt: deps.clock.now() });
  const { key } = await createApiKey(deps, workspace.id, "secret", "first key");
  return { workspace, secretKey: key };
}

/** The named workspace, created when missing (for `parcours keys create --workspace NAME`). */
export async function findOrCreateWorkspace(deps: Deps, name: string): Promise<Workspace> {
  const found = await selectWorkspaceByName(deps.db, name);
  if (found) return found;
  return insertWorkspace(deps.db, { id: deps.ids(), name, createdAt: deps.clock.now() });
}
