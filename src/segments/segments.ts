import { sql } from "kysely";
import { ConflictError, NotFoundError, ValidationError, type FieldProblem } from "../core/index.js";
import type { Deps } from "../deps.js";
import { contactFromRow, contactToApi, listContacts } from "../contacts/index.js";
import { addDuration, compileRule, sqlProblems } from "../rules/index.js";
import type { ContactOut } from "../schemas/contact.js";
import type { Duration } from "../schemas/duration.js";
import type { Rule } from "../schemas/rule.js";
import type { SegmentCreate, SegmentOut, SegmentUpdate } from "../schemas/segment-api.js";
import {
  deleteSegmentRow,
  fromJson,
  insertSegment,
  selectExistingIds,
  selectSegment,
  selectSegmentHistoryPage,
  selectSegmentPage,
  selectSegments,
  selectTags,
  selectWorkspace,
  toJson,
  updateSegmentRow,
  countSegmentMembers,
  type Db,
  type SegmentRow,
} from "../store/index.js";
import { ruleContext } from "./membership.js";
import { ruleReads, segmentReferences } from "./rule-reads.js";

/** Rolling rules are recomputed this often unless the segment says otherwise. */
export const DEFAULT_REFRESH: Duration = { amount: 15, unit: "minutes" };

export function segmentToApi(row: SegmentRow, memberCount: number): SegmentOut {
  const error = fromJson<{ message?: string } | null>(row.error);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    rule: fromJson<Rule>(row.rule),
    status: row.status,
    memberCount,
    refreshEvery: row.refresh_interval_ms === null ? null : { amount: row.refresh_interval_ms / 60_000, unit: "minutes" },
    computedAt: row.computed_at === null ? null : new Date(row.computed_at).toISOString(),
    error: error?.message ?? null,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export async function getSegmentRow(deps: Deps, workspaceId: string, id: string, db: Db = deps.db, lock = false): Promise<SegmentRow> {
  const row = await selectSegment(db, deps.dialect, workspaceId, id, lock);
  if (!row) throw new NotFoundError(`no segment ${JSON.stringify(id)}`);
  return row;
}

export async function readSegment(deps: Deps, workspaceId: string, id: string): Promise<SegmentOut> {
  const row = await getSegmentRow(deps, workspaceId, id);
  return segmentToApi(row, await countSegmentMembers(deps.db, id));
}

export async function listSegments(deps: Deps, workspaceId: string, page: { afterId?: string; limit: number }): Promise<SegmentOut[]> {
  const rows = await selectSegmentPage(deps.db, workspaceId, page);
  return Promise.all(rows.map(async (r) => segmentToApi(r, await countSegmentMembers(deps.db, r.id))));
}

/** Creates a segment; its members are computed in the background (status `building`). */
export async function createSegment(deps: Deps, workspaceId: string, input: SegmentCreate): Promise<SegmentOut> {
  const now = deps.clock.now();
  const id = deps.ids();
  await checkRule(deps, workspaceId, input.rule, id);
  const row: SegmentRow = {
    id,
    workspace_id: workspaceId,
    name: input.name,
    description: input.description ?? null,
    rule: toJson(input.rule),
    rule_version: 1,
    status: "building",
    member_count: 0,
    recompute_at: now,
    lease_until: null,
    attempts: 0,
    error: null,
    computed_at: null,
    created_at: now,
    updated_at: now,
    refresh_interval_ms: refreshInterval(input.rule, input.refreshEvery, now),
  };
  await insertSegment(deps.db, row);
  return segmentToApi(row, 0);
}

/** Renames, redescribes or changes the rule; a new rule recomputes the whole segment. */
export async function updateSegment(deps: Deps, workspaceId: string, id: string, input: SegmentUpdate): Promise<SegmentOut> {
  const current = await getSegmentRow(deps, workspaceId, id);
  const now = deps.clock.now();
  const set: Partial<SegmentRow> = { updated_at: now };
  if (input.name !== undefined) set.name = input.name;
  if (input.description !== undefined) set.description = input.description;
  const rule = input.rule ?? fromJson<Rule>(current.rule);
  if (input.rule !== undefined) {
    await checkRule(deps, workspaceId, input.rule, id);
    Object.assign(set, { rule: toJson(input.rule), rule_version: current.rule_version + 1, status: "building", recompute_at: now, lease_until: null, attempts: 0, error: null });
  }
  if (input.rule !== undefined || input.refreshEvery !== undefined) {
    const every = input.refreshEvery ?? (current.refresh_interval_ms === null ? undefined : { amount: current.refresh_interval_ms / 60_000, unit: "minutes" as const });
    set.refresh_interval_ms = refreshInterval(rule, every, now);
  }
  await updateSegmentRow(deps.db, workspaceId, id, set);
  return readSegment(deps, workspaceId, id);
}

/** Deletes a segment no other segment's rule reads (its members and history go with it). */
export async function deleteSegment(deps: Deps, workspaceId: string, id: string): Promise<void> {
  await getSegmentRow(deps, workspaceId, id);
  const readers = (await selectSegments(deps.db, workspaceId)).filter((s) => s.id !== id && segmentReferences(fromJson<Rule>(s.rule)).some((r) => r.segmentId === id));
  if (readers.length) {
    throw new ConflictError(`segment ${id} is used by the rules of ${readers.map((s) => `segment ${JSON.stringify(s.name)} (${s.id})`).join(", ")}; change them first`);
  }
  await deleteSegmentRow(deps.db, workspaceId, id);
}

/** How many contacts match a rule now, and the first of them, without saving anything. */
export async function previewSegment(deps: Deps, workspaceId: string, rule: Rule, sampleSize: number): Promise<{ count: number; sample: ContactOut[] }> {
  await checkRule(deps, workspaceId, rule, undefined);
  const ctx = await ruleContext(deps, deps.db, workspaceId, deps.clock.now());
  const condition = compileRule(rule, ctx);
  const base = deps.db.selectFrom("contacts as c").where("c.workspace_id", "=", workspaceId).where(condition);
  const [counted, rows] = await Promise.all([
    base.select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow(),
    sampleSize === 0 ? Promise.resolve([]) : base.selectAll("c").orderBy("c.id").limit(sampleSize).execute(),
  ]);
  const tags = await selectTags(deps.db, rows.map((r) => r.id));
  return { count: Number(counted.n), sample: rows.map((r) => contactToApi(contactFromRow(r), tags.get(r.id) ?? [])) };
}

export async function segmentMembers(deps: Deps, workspaceId: string, id: string, page: { afterId?: string; limit: number }): Promise<ContactOut[]> {
  await getSegmentRow(deps, workspaceId, id);
  return listContacts(deps, workspaceId, { segmentId: id }, page);
}

export async function segmentHistory(deps: Deps, workspaceId: string, id: string, page: { afterId?: string; limit: number }) {
  await getSegmentRow(deps, workspaceId, id);
  const rows = await selectSegmentHistoryPage(deps.db, id, page);
  return rows.map((r) => ({ id: r.id, contactId: r.contact_id, email: r.email, kind: r.kind, at: new Date(r.at).toISOString() }));
}

/**
 * What the schema cannot judge alone: parts SQL cannot answer, lists and segments that do not
 * exist, stages the funnel lacks, and segments that would read themselves (a cycle). Problems
 * name the path of the bad node (`rule.rules.1.segmentId`).
 */
async function checkRule(deps: Deps, workspaceId: string, rule: Rule, selfId: string | undefined): Promise<void> {
  const at = (path: (string | number)[]) => ["rule", ...path].join(".");
  const problems: FieldProblem[] = sqlProblems(rule).map((p) => ({ field: at(p.path), message: p.message }));
  const listRefs = refsOf(rule, "list");
  const knownLists = await selectExistingIds(deps.db, "lists", workspaceId, listRefs.map((r) => r.id));
  for (const r of listRefs) if (!knownLists.has(r.id)) problems.push({ field: at(r.path), message: `no list ${JSON.stringify(r.id)} in this workspace` });
  const stages = (await selectWorkspace(deps.db, workspaceId))?.settings.lifecycleStages.map((s) => s.id) ?? [];
  for (const r of refsOf(rule, "lifecycle")) {
    if (!stages.includes(r.id)) problems.push({ field: at(r.path), message: `unknown lifecycle stage ${JSON.stringify(r.id)} (the stages are: ${stages.join(", ")})` });
  }
  const segments = new Map((await selectSegments(deps.db, workspaceId)).map((s) => [s.id, fromJson<Rule>(s.rule)]));
  for (const ref of segmentReferences(rule)) {
    if (ref.segmentId === selfId) problems.push({ field: at(ref.path), message: "a segment cannot contain itself" });
    else if (!segments.has(ref.segmentId)) problems.push({ field: at(ref.path), message: `no segment ${JSON.stringify(ref.segmentId)} in this workspace` });
    else if (selfId !== undefined && reads(segments, ref.segmentId, selfId)) {
      problems.push({ field: at(ref.path), message: `segment ${ref.segmentId} already reads this segment, directly or through others: that would be a cycle` });
    }
  }
  if (problems.length) throw new ValidationError(problems);
}

/** Whether segment `from` reads segment `target`, following segment rules. */
function reads(segments: Map<string, Rule>, from: string, target: string): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === target) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    const rule = segments.get(id);
    if (rule) stack.push(...segmentReferences(rule).map((r) => r.segmentId));
  }
  return false;
}

/** The list ids (kind list) or stage names (kind lifecycle) a rule names, with their paths. */
function refsOf(rule: Rule, kind: "list" | "lifecycle", path: (string | number)[] = []): { id: string; path: (string | number)[] }[] {
  switch (rule.type) {
    case "all":
    case "any":
      return rule.rules.flatMap((r, i) => refsOf(r, kind, [...path, "rules", i]));
    case "not":
      return refsOf(rule.rule, kind, [...path, "rule"]);
    case "list":
      return kind === "list" ? [{ id: rule.listId, path: [...path, "listId"] }] : [];
    case "lifecycle":
      return kind === "lifecycle" ? [{ id: rule.stage, path: [...path, "stage"] }] : [];
    default:
      return [];
  }
}

/** The refresh interval of a rolling rule (ms), or null when nothing in the rule moves with time. */
function refreshInterval(rule: Rule, every: Duration | undefined, now: number): number | null {
  if (!ruleReads(rule).rolling) return null;
  return addDuration(now, every ?? DEFAULT_REFRESH, null) - now;
}
