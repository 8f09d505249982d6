import { WorkspaceSettings, defaultWorkspaceSettings } from "../schemas/workspace.js";
import { fromJson, toJson, type Dialect } from "./dialect.js";
import type { Db } from "./contacts.js";

export interface Workspace {
  id: string;
  name: string;
  settings: WorkspaceSettings;
  createdAt: number;
}

/** `lock` keeps its settings (the lifecycle stages) from changing until the transaction ends. */
export async function selectWorkspace(db: Db, id: string, dialect?: Dialect): Promise<Workspace | undefined> {
  const query = db.selectFrom("workspaces").selectAll().where("id", "=", id);
  const row = await (dialect ? dialect.forShare(query) : query).executeTakeFirst();
  return row && toWorkspace(row);
}

export async function selectWorkspaceByName(db: Db, name: string): Promise<Workspace | undefined> {
  const row = await db.selectFrom("workspaces").selectAll().where("name", "=", name).executeTakeFirst();
  return row && toWorkspace(row);
}

export async function countWorkspaces(db: Db): Promise<number> {
  const { n } = await db.selectFrom("workspaces").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(n);
}

export async function insertWorkspace(db: Db, ws: { id: string; name: string; createdAt: number }): Promise<Workspace> {
  const settings = defaultWorkspaceSettings();
  await db.insertInto("workspaces").values({ id: ws.id, name: ws.name, settings: toJson(settings), created_at: ws.createdAt }).execute();
  return { ...ws, settings };
}

export async function updateWorkspaceSettings(db: Db, id: string, settings: WorkspaceSettings): Promise<void> {
  await db.updateTable("workspaces").set({ settings: toJson(settings) }).where("id", "=", id).execute();
}

function toWorkspace(row: { id: string; name: string; settings: unknown; created_at: number }): Workspace {
  return { id: row.id, name: row.name, settings: WorkspaceSettings.parse(fromJson(row.settings)), createdAt: row.created_at };
}

/**
 * The oldest workspace, locked until the transaction ends on PostgreSQL: a row every first-admin
 * setup takes, so that two at once run one after the other.
 */
export async function lockFirstWorkspace(db: Db, dialect: Dialect): Promise<Workspace | undefined> {
  const row = await dialect.forUpdate(db.selectFrom("workspaces").selectAll().orderBy("id").limit(1)).executeTakeFirst();
  return row && toWorkspace(row);
}
