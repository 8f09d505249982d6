import type { Db } from "./contacts.js";

/** The workspace's tracked-site origins, alphabetically. */
export async function selectSiteTrackingOrigins(db: Db, workspaceId: string): Promise<string[]> {
  const rows = await db.selectFrom("site_tracking_origins").select("origin").where("workspace_id", "=", workspaceId).orderBy("origin").execute();
  return rows.map((r) => r.origin);
}

/** Replaces the workspace's tracked-site origins with `origins` (in one transaction: `db` should be one). */
export async function replaceSiteTrackingOrigins(db: Db, workspaceId: string, origins: string[], now: number): Promise<void> {
  await db.deleteFrom("site_tracking_origins").where("workspace_id", "=", workspaceId).execute();
  if (!origins.length) return;
  await db
    .insertInto("site_tracking_origins")
    .values(origins.map((origin) => ({ workspace_id: workspaceId, origin, created_at: now })))
    .execute();
}
