import type { Contact, ContactSession, PropertyType } from "../../contacts/index.js";
import { compareValue, engagementAsEvent, windowStart, type RuleFacts } from "../../rules/index.js";
import type { Comparison, Rule } from "../../schemas/rule.js";
import { fromJson, type Db } from "../../store/index.js";

/**
 * Prefetches what `rules` may ask about the contact, so that evaluating them is pure: tags,
 * lists, segments, named scores, stages, property types, and the counts of the events the rules
 * name (engagement with a template or campaign included), and for a run (`runId`) the opens and
 * clicks of the messages its steps sent. Without a run (entry filters), engagement with a step answers "no".
 */
export async function loadRuleFacts(db: Db, session: ContactSession, contact: Contact, now: number, rules: Rule[], runId?: string): Promise<RuleFacts> {
  const [tags, lists, workspace] = await Promise.all([session.tagsOf(contact), session.listsOf(contact), session.workspace()]);
  const propertyTypes = new Map<string, PropertyType>();
  for (const name of Object.keys(contact.properties)) {
    const type = session.propertyType(name);
    if (type) propertyTypes.set(name, type);
  }
  const asked = leaves(rules);
  const [segments, scores] = await Promise.all([
    asked.some((r) => r.type === "segment") ? segmentsOf(db, contact.id) : new Set<string>(),
    asked.some((r) => r.type === "score" && r.score !== undefined) ? namedScoresOf(db, contact.id) : new Map<string, number>(),
  ]);
  const engagement = runId !== undefined && asked.some((r) => r.type === "engagement" && r.nodeId !== undefined) ? await engagementOfRun(db, contact.id, runId, now) : [];
  const counts = new Map<string, number>();
  for (const rule of eventRules(asked)) {
    const since = rule.within ? windowStart(now, rule.within) : null;
    counts.set(countKey(rule.name, rule.filters, since), await countEvents(db, contact.id, rule.name, rule.filters, since, now));
  }
  return {
    now,
    contact: { properties: contact.properties, lifecycleStage: contact.lifecycleStage, score: contact.score, timezone: contact.timezone },
    scores,
    lifecycleStages: workspace.settings.lifecycleStages.map((s) => s.id),
    propertyTypes,
    hasTag: (tag) => tags.has(tag),
    inList: (listId) => lists.has(listId),
    inSegment: (segmentId) => segments.has(segmentId),
    eventCount: (name, filters, since) => counts.get(countKey(name, filters, since)) ?? 0,
    engaged: (action, nodeId, since) => engagement.some((e) => e.action === action && e.nodeId === nodeId && (since === null || e.at >= since)),
  };
}

type EventRule = Extract<Rule, { type: "event" }>;

/** The comparisons of rule trees, without their all/any/not. */
function leaves(rules: Rule[]): Rule[] {
  const out: Rule[] = [];
  const walk = (r: Rule): void => {
    if (r.type === "all" || r.type === "any") r.rules.forEach(walk);
    else if (r.type === "not") walk(r.rule);
    else out.push(r);
  };
  rules.forEach(walk);
  return out;
}

function eventRules(leaves: Rule[]): EventRule[] {
  return leaves.flatMap((r) => (r.type === "event" ? [r] : r.type === "engagement" ? (engagementAsEvent(r) ?? []) : []));
}

async function segmentsOf(db: Db, contactId: string): Promise<Set<string>> {
  const rows = await db.selectFrom("segment_members").select("segment_id").where("contact_id", "=", contactId).execute();
  return new Set(rows.map((r) => r.segment_id));
}

async function namedScoresOf(db: Db, contactId: string): Promise<Map<string, number>> {
  const rows = await db.selectFrom("contact_scores").select(["score", "points"]).where("contact_id", "=", contactId).execute();
  return new Map(rows.map((r) => [r.score, r.points]));
}

/** The contact's opens and clicks of messages the run's steps sent (tracking names the run and step on each). */
async function engagementOfRun(db: Db, contactId: string, runId: string, now: number): Promise<{ action: "opened" | "clicked"; nodeId: string; at: number }[]> {
  const rows = await db
    .selectFrom("events")
    .select(["name", "properties", "timestamp"])
    .where("contact_id", "=", contactId)
    .where("name", "in", ["email.opened", "email.clicked"])
    .where("timestamp", "<=", now)
    .execute();
  return rows.flatMap((r) => {
    const p = fromJson<Record<string, unknown>>(r.properties) ?? {};
    return p.runId === runId && typeof p.nodeId === "string" ? [{ action: r.name === "email.opened" ? ("opened" as const) : ("clicked" as const), nodeId: p.nodeId, at: Number(r.timestamp) }] : [];
  });
}

function countKey(name: string, filters: Comparison[] | undefined, since: number | null): string {
  return JSON.stringify([name, filters ?? [], since]);
}

/** Events of the contact named `name` since `since` whose properties pass every filter. */
async function countEvents(db: Db, contactId: string, name: string, filters: Comparison[] | undefined, since: number | null, now: number): Promise<number> {
  let q = db.selectFrom("events").select("properties").where("contact_id", "=", contactId).where("name", "=", name).where("timestamp", "<=", now);
  if (since !== null) q = q.where("timestamp", ">=", since);
  const rows = await q.execute();
  if (!filters?.length) return rows.length;
  return rows.filter((r) => {
    const props = fromJson<Record<string, unknown>>(r.properties) ?? {};
    // Own keys only: a filter on "constructor" must not read Object.prototype.
    return filters.every((f) => compareValue(Object.hasOwn(props, f.property) ? props[f.property] : undefined, f, now));
  }).length;
}
