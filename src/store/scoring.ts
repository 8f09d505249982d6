import type { Db } from "./contacts.js";
import type { ContactScoreRow, ScoreAwardRow, ScoreDefinitionRow, ScoringRuleRow } from "./schema.js";

/** Contact ids (or rows) per statement: far below either database's limit on parameters. */
const CHUNK = 500;

async function inChunks<T>(ids: string[], read: (ids: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await read(ids.slice(i, i + CHUNK))));
  return out;
}

export async function selectScoreDefinitions(db: Db, workspaceId: string): Promise<ScoreDefinitionRow[]> {
  return db.selectFrom("score_definitions").selectAll().where("workspace_id", "=", workspaceId).orderBy("key").execute();
}

export async function selectScoreDefinition(db: Db, workspaceId: string, key: string): Promise<ScoreDefinitionRow | undefined> {
  return db.selectFrom("score_definitions").selectAll().where("workspace_id", "=", workspaceId).where("key", "=", key).executeTakeFirst();
}

export async function upsertScoreDefinition(db: Db, row: ScoreDefinitionRow): Promise<void> {
  const { workspace_id: _w, key: _k, created_at: _c, ...update } = row;
  await db
    .insertInto("score_definitions")
    .values(row)
    .onConflict((oc) => oc.columns(["workspace_id", "key"]).doUpdateSet(update))
    .execute();
}

export async function deleteScoreDefinition(db: Db, workspaceId: string, key: string): Promise<void> {
  await db.deleteFrom("score_definitions").where("workspace_id", "=", workspaceId).where("key", "=", key).execute();
}

export async function selectScoringRules(db: Db, workspaceId: string): Promise<ScoringRuleRow[]> {
  return db.selectFrom("scoring_rules").selectAll().where("workspace_id", "=", workspaceId).orderBy("id").execute();
}

export async function selectScoringRule(db: Db, workspaceId: string, id: string): Promise<ScoringRuleRow | undefined> {
  return db.selectFrom("scoring_rules").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", id).executeTakeFirst();
}

export async function insertScoringRule(db: Db, row: ScoringRuleRow): Promise<void> {
  await db.insertInto("scoring_rules").values(row).execute();
}

export async function updateScoringRule(db: Db, workspaceId: string, id: string, set: Partial<Omit<ScoringRuleRow, "id" | "workspace_id">>): Promise<void> {
  await db.updateTable("scoring_rules").set(set).where("workspace_id", "=", workspaceId).where("id", "=", id).execute();
}

export async function deleteScoringRule(db: Db, workspaceId: string, id: string): Promise<void> {
  await db.deleteFrom("scoring_rules").where("workspace_id", "=", workspaceId).where("id", "=", id).execute();
}

/** Changes whenever a rule or a score definition of the workspace is created, changed or deleted. */
export async function selectScoringStamp(db: Db, workspaceId: string): Promise<string> {
  const stamp = async (table: "scoring_rules" | "score_definitions") =>
    db
      .selectFrom(table)
      .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.max("updated_at").as("latest")])
      .where("workspace_id", "=", workspaceId)
      .executeTakeFirst();
  const [rules, scores] = await Promise.all([stamp("scoring_rules"), stamp("score_definitions")]);
  return `${rules?.n}:${rules?.latest}:${scores?.n}:${scores?.latest}`;
}

export async function insertScoreAwards(db: Db, rows: ScoreAwardRow[]): Promise<void> {
  if (rows.length) await db.insertInto("score_awards").values(rows).execute();
}

export async function markAwardsRemoved(db: Db, ids: string[], at: number): Promise<void> {
  if (ids.length) await db.updateTable("score_awards").set({ removed_at: at }).where("id", "in", ids).where("removed_at", "is", null).execute();
}

/** The awards `ruleIds` gave `contactIds` since `since` (caps), whatever became of them since. */
export async function selectAwardsSince(db: Db, contactIds: string[], ruleIds: string[], since: number): Promise<Pick<ScoreAwardRow, "contact_id" | "rule_id" | "points" | "awarded_at">[]> {
  if (!ruleIds.length) return [];
  return inChunks(contactIds, (ids) =>
    db.selectFrom("score_awards").select(["contact_id", "rule_id", "points", "awarded_at"]).where("contact_id", "in", ids).where("rule_id", "in", ruleIds).where("awarded_at", ">=", since).execute(),
  );
}

/** The fit awards (of `ruleIds`) that `contactIds` still hold. */
export async function selectActiveAwards(db: Db, contactIds: string[], ruleIds: string[]): Promise<ScoreAwardRow[]> {
  if (!ruleIds.length) return [];
  return inChunks(contactIds, (ids) => db.selectFrom("score_awards").selectAll().where("contact_id", "in", ids).where("rule_id", "in", ruleIds).where("removed_at", "is", null).execute());
}

export async function selectDueAwardExpiries(db: Db, now: number, limit: number): Promise<ScoreAwardRow[]> {
  return db.selectFrom("score_awards").selectAll().where("expires_at", "<=", now).where("removed_at", "is", null).orderBy("expires_at").limit(limit).execute();
}

export async function selectNextAwardExpiry(db: Db): Promise<number | undefined> {
  const row = await db.selectFrom("score_awards").select((eb) => eb.fn.min("expires_at").as("at")).where("removed_at", "is", null).executeTakeFirst();
  return row?.at ?? undefined;
}

export async function selectDueHalvings(db: Db, now: number): Promise<ScoreDefinitionRow[]> {
  return db.selectFrom("score_definitions").selectAll().where("decay_at", "<=", now).orderBy("decay_at").limit(10).execute();
}

export async function selectNextHalving(db: Db): Promise<number | undefined> {
  const row = await db.selectFrom("score_definitions").select((eb) => eb.fn.min("decay_at").as("at")).executeTakeFirst();
  return row?.at ?? undefined;
}

/** The named scores (every key but the main one) `contactIds` have points in. */
export async function selectNamedScores(db: Db, contactIds: string[]): Promise<Pick<ContactScoreRow, "contact_id" | "score" | "points">[]> {
  return inChunks(contactIds, (ids) => db.selectFrom("contact_scores").select(["contact_id", "score", "points"]).where("contact_id", "in", ids).execute());
}

export async function upsertNamedScores(db: Db, rows: ContactScoreRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto("contact_scores")
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) => oc.columns(["contact_id", "score"]).doUpdateSet((eb) => ({ points: eb.ref("excluded.points"), updated_at: eb.ref("excluded.updated_at") })))
      .execute();
  }
}

/** Contacts with a non-zero score `key`, after `afterId` in id order (halving pages through them). */
export async function selectScoredContactIds(db: Db, workspaceId: string, key: string, afterId: string | null, limit: number): Promise<string[]> {
  if (key === "default") {
    let q = db.selectFrom("contacts").select("id").where("workspace_id", "=", workspaceId).where("score", "<>", 0);
    if (afterId !== null) q = q.where("id", ">", afterId);
    return (await q.orderBy("id").limit(limit).execute()).map((r) => r.id);
  }
  let q = db.selectFrom("contact_scores").select("contact_id").where("workspace_id", "=", workspaceId).where("score", "=", key).where("points", "<>", 0);
  if (afterId !== null) q = q.where("contact_id", ">", afterId);
  return (await q.orderBy("contact_id").limit(limit).execute()).map((r) => r.contact_id);
}

export async function selectContactAwards(db: Db, contactId: string, limit: number): Promise<ScoreAwardRow[]> {
  return db.selectFrom("score_awards").selectAll().where("contact_id", "=", contactId).orderBy("id", "desc").limit(limit).execute();
}

export async function updateScoreDecay(db: Db, workspaceId: string, key: string, set: { decay_at: number | null; decay_cursor: string | null }): Promise<void> {
  await db.updateTable("score_definitions").set(set).where("workspace_id", "=", workspaceId).where("key", "=", key).execute();
}
