import type { Deps } from "../deps.js";
import { selectList, selectListByName, selectWorkspaceByName, type ListRow, type Workspace } from "../store/index.js";

/** The named workspace; commands that read or write contacts never create one. */
export async function findWorkspace(deps: Deps, name: string): Promise<Workspace> {
  const workspace = await selectWorkspaceByName(deps.db, name);
  if (!workspace) throw new Error(`no workspace ${JSON.stringify(name)}; \`parcours serve\` creates the default one, \`parcours keys create --workspace NAME\` any other`);
  return workspace;
}

/** A list of the workspace by id, else by name. */
export async function findList(deps: Deps, workspaceId: string, nameOrId: string): Promise<ListRow> {
  const list = (await selectList(deps.db, deps.dialect, workspaceId, nameOrId)) ?? (await selectListByName(deps.db, workspaceId, nameOrId));
  if (!list) throw new Error(`no list ${JSON.stringify(nameOrId)} in this workspace`);
  return list;
}
