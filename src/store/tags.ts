import type { Db } from "./contacts.js";

/** Every tag in use in the workspace with the number of contacts carrying it, by tag. */
export async function selectTagCounts(db: Db, workspaceId: string): Promise<{ tag: string; count: number }[]> {
  const rows = await db
    .selectFrom("contact_tags")
    .select((eb) => ["tag", eb.fn.countAll<number>().as("n")])
    .where("workspace_id", "=", workspaceId)
    .groupBy("tag")
    .orderBy("tag")
    .execute();
  return rows.map((r) => ({ tag: r.tag, count: Number(r.n) }));
}
