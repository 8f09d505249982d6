import type { Contact, ContactSession, PropertyType } from "../../contacts/index.js";
import { compareValue, windowStart, type RuleFacts } from "../../rules/index.js";
import type { Comparison, Rule } from "../../schemas/rule.js";
import { fromJson, type Db } from "../../store/index.js";

/**
 * Prefetches what `rules` may ask about the contact, so that evaluating them is pure: tags,
 * lists, stages, property types, and the counts of the events the rules name. Segments and
 * message engagement have no data yet (segments and messaging come with later issues): they
 * answer "no".
 */
export async function loadRuleFacts(db: Db, session: ContactSession, contact: Contact, now: number, rules: Rule[]): Promise<RuleFacts> {
  const [tags, lists, workspace] = await Promise.all([session.tagsOf(contact), session.listsOf(contact), session.workspace()]);
  const propertyTypes = new Map<string, PropertyType>();
  for (const name of Object.keys(contact.properties)) {
    const type = session.propertyType(name);
    if (type) propertyTypes.set(name, type);
  }
  const counts = new Map<string, number>();
  for (const rule of eventRules(rules)) {
    const since = rule.within ? windowStart(now, rule.within) : null;
    counts.set(countKey(rule.name, rule.filters, since), await countEvents(db, contact.id, rule.name, rule.filters, since, now));
  }
  return {
    now,
    contact: { properties: contact.properties, lifecycleStage: contact.lifecycleStage, score: contact.score, timezone: contact.timezone },
    lifecycleStages: workspace.settings.lifecycleStages.map((s) => s.id),
    propertyTypes,
    hasTag: (tag) => tags.has(tag),
    inList: (listId) => lists.has(listId),
    inSegment: () => false,
    eventCount: (name, filters, since) => counts.get(countKey(name, filters, since)) ?? 0,
    engaged: () => false,
  };
}

type EventRule = Extract<Rule, { type: "event" }>;

function eventRules(rules: Rule[]): EventRule[] {
  const out: EventRule[] = [];
  const walk = (r: Rule): void => {
    if (r.type === "all" || r.type === "any") r.rules.forEach(walk);
    else if (r.type === "not") walk(r.rule);
    else if (r.type === "event") out.push(r);
  };
  rules.forEach(walk);
  return out;
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
    return filters.every((f) => compareValue(props[f.property], f, now));
  }).length;
}
