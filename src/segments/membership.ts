import { sql, type RawBuilder } from "kysely";
import { groupBy } from "../core/index.js";
import type { Deps } from "../deps.js";
import { compileRule, type RuleSqlContext } from "../rules/index.js";
import type { Rule } from "../schemas/rule.js";
import { insertRows, selectPropertyDefinitions, selectWorkspace, toJson, type Db, type NewEventRow } from "../store/index.js";
import type { PropertyType } from "../contacts/index.js";

/** A segment as membership upkeep needs it. */
export interface SegmentDefinition {
  id: string;
  workspaceId: string;
  rule: Rule;
  ruleVersion: number;
}

/** Contact ids per statement when refreshing the segments of known contacts. */
const CHUNK = 500;

/** What a compiled rule needs from the workspace, read inside the caller's transaction. */
export async function ruleContext(deps: Deps, db: Db, workspaceId: string, now: number): Promise<RuleSqlContext> {
  const [workspace, definitions] = await Promise.all([selectWorkspace(db, workspaceId), selectPropertyDefinitions(db, workspaceId)]);
  return {
    dialect: deps.dialect,
    workspaceId,
    now,
    lifecycleStages: workspace?.settings.lifecycleStages.map((s) => s.id) ?? [],
    propertyTypes: new Map(definitions.map((d) => [d.name, d.type as PropertyType])),
  };
}

/** Contacts of one segment whose membership a unit of work may have changed. */
export interface SegmentRefresh {
  segment: SegmentDefinition;
  contactIds: string[];
}

/**
 * Brings the membership of some contacts in several segments (which do not read each other) up
 * to date, set-based and in a few statements whatever the number of segments: one query runs
 * every segment's compiled rule over its contacts, one reads their current memberships, and the
 * differences are written with their history and segment.entered / segment.exited events, which
 * are returned.
 */
export async function refreshMembers(deps: Deps, db: Db, refreshes: SegmentRefresh[], ctx: RuleSqlContext): Promise<NewEventRow[]> {
  const { workspaceId } = ctx;
  const matching = await matchingPairs(deps, db, refreshes, ctx);
  const contactIds = [...new Set(refreshes.flatMap((r) => r.contactIds))];
  const segmentIds = refreshes.map((r) => r.segment.id);
  const current = new Set<string>();
  for (let i = 0; i < contactIds.length; i += CHUNK) {
    const rows = await db.selectFrom("segment_members").select(["segment_id", "contact_id"]).where("segment_id", "in", segmentIds).where("contact_id", "in", contactIds.slice(i, i + CHUNK)).execute();
    for (const r of rows) current.add(pair(r.segment_id, r.contact_id));
  }
  const at = ctx.now;
  const changes: { segment_id: string; contact_id: string; kind: "entered" | "exited" }[] = [];
  for (const { segment, contactIds: ids } of refreshes) {
    for (const contact_id of ids) {
      const key = pair(segment.id, contact_id);
      if (matching.has(key) !== current.has(key)) changes.push({ segment_id: segment.id, contact_id, kind: matching.has(key) ? "entered" : "exited" });
    }
  }
  if (!changes.length) return [];
  const entered = changes.filter((c) => c.kind === "entered");
  await insertRows(db, deps.dialect, "segment_members", entered.map(({ segment_id, contact_id }) => ({ segment_id, contact_id, workspace_id: workspaceId, entered_at: at })));
  for (const [segmentId, exited] of groupBy(changes.filter((c) => c.kind === "exited"), (c) => c.segment_id)) {
    for (let i = 0; i < exited.length; i += CHUNK) {
      await db.deleteFrom("segment_members").where("segment_id", "=", segmentId).where("contact_id", "in", exited.slice(i, i + CHUNK).map((c) => c.contact_id)).execute();
    }
  }
  const history = changes.map((c) => ({ id: deps.ids(), workspace_id: workspaceId, ...c, at }));
  await insertRows(db, deps.dialect, "segment_history", history);
  const events: NewEventRow[] = history.map((h) => ({
    id: h.id,
    workspace_id: h.workspace_id,
    contact_id: h.contact_id,
    kind: "internal",
    name: `segment.${h.kind}`,
    properties: toJson({ segmentId: h.segment_id }),
    context: null,
    message_id: null,
    timestamp: at,
    received_at: at,
  }));
  await insertRows(db, deps.dialect, "events", events);
  return events;
}

/** Which (segment, contact) pairs of the refreshes match now: the segments' rules in one `union all` per parameter budget. */
async function matchingPairs(deps: Deps, db: Db, refreshes: SegmentRefresh[], ctx: RuleSqlContext): Promise<Set<string>> {
  const parts: { query: RawBuilder<unknown>; parameters: number }[] = [];
  for (const { segment, contactIds } of refreshes) {
    const condition = compileRule(segment.rule, ctx);
    const ruleParameters = condition.compile(db).parameters.length;
    for (let i = 0; i < contactIds.length; i += CHUNK) {
      const ids = contactIds.slice(i, i + CHUNK);
      parts.push({ query: sql`select ${segment.id} as segment_id, c.id as contact_id from contacts as c where c.workspace_id = ${ctx.workspaceId} and c.id in (${sql.join(ids)}) and ${condition}`, parameters: ids.length + ruleParameters + 2 });
    }
  }
  const found = new Set<string>();
  const budget = Math.floor(deps.dialect.maxParameters / 2);
  for (let start = 0; start < parts.length; ) {
    const batch = [parts[start++]!];
    for (let used = batch[0]!.parameters; start < parts.length && used + parts[start]!.parameters <= budget; used += parts[start++]!.parameters) batch.push(parts[start]!);
    const { rows } = await sql<{ segment_id: string; contact_id: string }>`${sql.join(batch.map((p) => sql`${p.query}`), sql` union all `)}`.execute(db);
    for (const r of rows) found.add(pair(r.segment_id, r.contact_id));
  }
  return found;
}

function pair(segmentId: string, contactId: string): string {
  return `${segmentId}\u0000${contactId}`;
}

/** What a full recompute changed; its events are in the events table, ids starting with the prefixes. */
export interface RecomputeOutcome {
  members: number;
  entered: number;
  exited: number;
  /** Ids of the recompute's history rows and events: prefix + contact id. */
  prefixes: { entered: string; exited: string };
}

/**
 * Recomputes a whole segment inside the caller's transaction with a handful of set-based
 * statements: the matching contacts go to a staging set (the rule runs once), and the
 * differences with the current members become history rows, events and membership changes.
 */
export async function recomputeMembers(deps: Deps, db: Db, segment: SegmentDefinition, ctx: RuleSqlContext): Promise<RecomputeOutcome> {
  const { id, workspaceId } = segment;
  const at = ctx.now;
  const prefixes = { entered: `${deps.ids()}:`, exited: `${deps.ids()}:` };
  await db.deleteFrom("segment_staging").where("segment_id", "=", id).execute();
  await sql`
    insert into segment_staging (segment_id, contact_id)
    select ${id}, c.id from contacts as c where c.workspace_id = ${workspaceId} and ${compileRule(segment.rule, ctx)}`.execute(db);

  // Set differences rather than anti-joins: a staging set the planner has no statistics for
  // could otherwise be joined row by row against a table growing under the same statement.
  const staged = sql`select s.contact_id from segment_staging s where s.segment_id = ${id}`;
  const current = sql`select m.contact_id from segment_members m where m.segment_id = ${id}`;
  const entered = await writeHistory(deps, db, segment, "entered", prefixes.entered, at, sql`${staged} except ${current}`);
  const exited = await writeHistory(deps, db, segment, "exited", prefixes.exited, at, sql`${current} except ${staged}`);
  if (entered) {
    await sql`
      insert into segment_members (segment_id, contact_id, workspace_id, entered_at)
      select ${id}, h.contact_id, ${workspaceId}, ${at} from segment_history h where ${historyOf(id, at, prefixes.entered)}`.execute(db);
  }
  if (exited) {
    await sql`delete from segment_members where segment_id = ${id} and contact_id in (select h.contact_id from segment_history h where ${historyOf(id, at, prefixes.exited)})`.execute(db);
  }
  const members = await db.selectFrom("segment_staging").select((eb) => eb.fn.countAll<number>().as("n")).where("segment_id", "=", id).executeTakeFirstOrThrow();
  await db.deleteFrom("segment_staging").where("segment_id", "=", id).execute();
  return { members: Number(members.n), entered, exited, prefixes };
}

/** History rows and events for the contacts `contacts` selects; returns how many. */
async function writeHistory(deps: Deps, db: Db, segment: SegmentDefinition, kind: "entered" | "exited", prefix: string, at: number, contacts: RawBuilder<unknown>): Promise<number> {
  const { id, workspaceId } = segment;
  const inserted = await sql`
    insert into segment_history (id, workspace_id, segment_id, contact_id, kind, at)
    select ${prefix} || x.contact_id, ${workspaceId}, ${id}, x.contact_id, ${kind}, ${at} from (${contacts}) as x`.execute(db);
  const count = Number(inserted.numAffectedRows ?? 0);
  if (count === 0) return 0;
  const properties = sql`cast(${toJson({ segmentId: id })} as ${sql.raw(String(deps.dialect.types.json))})`;
  await sql`
    insert into events (id, workspace_id, contact_id, kind, name, properties, context, message_id, timestamp, received_at)
    select h.id, ${workspaceId}, h.contact_id, 'internal', ${`segment.${kind}`}, ${properties}, null, null, ${at}, ${at}
    from segment_history h where ${historyOf(id, at, prefix)}`.execute(db);
  return count;
}

/** The history rows one recompute wrote for one kind of change (their ids start with its prefix). */
function historyOf(segmentId: string, at: number, prefix: string): RawBuilder<unknown> {
  return sql`h.segment_id = ${segmentId} and h.at = ${at} and h.id >= ${prefix} and h.id < ${`${prefix}~`}`;
}

/** The events a recompute stored, a page at a time in id order (for the reactors after it). */
export async function recomputeEvents(db: Db, prefix: string, afterId: string | null, limit: number): Promise<NewEventRow[]> {
  let q = db.selectFrom("events").selectAll().where("id", ">=", prefix).where("id", "<", `${prefix}~`);
  if (afterId !== null) q = q.where("id", ">", afterId);
  return q.orderBy("id").limit(limit).execute();
}
