import type { Contact, ContactSession } from "../contacts/index.js";
import { groupBy } from "../core/index.js";
import { withContactSession } from "../contacts/index.js";
import type { BackgroundJob, ContactDeriver, Deps, EventReactor } from "../deps.js";
import { addDuration, compareValue } from "../rules/index.js";
import { DEFAULT_SCORE, type ScoreSettings } from "../schemas/scoring.js";
import {
  fromJson,
  insertScoreAwards,
  markAwardsRemoved,
  selectActiveAwards,
  selectAwardsSince,
  selectDueAwardExpiries,
  selectDueHalvings,
  selectNextAwardExpiry,
  selectNextHalving,
  selectScoredContactIds,
  updateScoreDecay,
  upsertNamedScores,
  type NewEventRow,
  type ScoreAwardRow,
} from "../store/index.js";
import { SCORING_CAUSES, ScoreBook } from "./score-book.js";
import { createScoringCache, type EventRule, type PropertyRule, type Scoring } from "./workspace-rules.js";

/** Events that never earn points: scoring's own, so a rule cannot feed on itself. */
const UNSCORED = new Set(["score.changed", "score.crossed"]);
const FIT_TRIGGERS = new Set(["property.changed", "contact.created"]);
/** Contacts (or awards) one decay transaction takes. */
const DECAY_BATCH = 500;

/**
 * Lead scoring as data arrives: a deriver applies the workspace's rules to the events a unit of
 * work is about to store (points, caps, fit, thresholds, promotion) so that the scores commit
 * with the events; a reactor keeps the ledger (awards, named scores) from the score events; a
 * background job takes back expired points and halves decaying scores.
 */
export function installScoring(deps: Deps): void {
  const scoringOf = createScoringCache();

  const deriver: ContactDeriver = {
    async derive(session, events) {
      const scoring = await scoringOf(session.transaction, session.workspaceId);
      if (!scoring.eventRules.length && !scoring.propertyRules.length && !scoring.scores.size) return;
      const book = new ScoreBook(session, scoring);
      const now = session.now;
      const contactIds = [...new Set(events.map((e) => e.contact_id))];
      const fitContacts = new Set(events.filter((e) => FIT_TRIGGERS.has(e.name ?? "")).map((e) => e.contact_id));
      // What the rules need of the contacts' past, read once for the whole unit of work.
      const [awards] = await Promise.all([loadAwards(session, scoring, contactIds, [...fitContacts]), book.preload(contactIds)]);
      for (const event of events) {
        const contact = session.find({ id: event.contact_id });
        const name = event.name;
        if (!contact || !name) continue;
        const properties = () => fromJson<Record<string, unknown>>(event.properties) ?? {};
        if (name === "score.changed") {
          // A change made elsewhere (a workflow, the API): its thresholds still count.
          const p = properties();
          if (!SCORING_CAUSES.has(p.cause) && typeof p.from === "number" && typeof p.to === "number") await book.crossed(contact, typeof p.score === "string" ? p.score : DEFAULT_SCORE, p.from, p.to);
          continue;
        }
        if (UNSCORED.has(name)) continue;
        for (const rule of scoring.eventRules) {
          if (rule.event.name === name && (rule.event.filters ?? []).every((f) => compareValue(own(properties(), f.property), f, now))) {
            await awardForEvent(deps, session, book, scoring, rule, contact, event, awards);
          }
        }
      }
      for (const id of fitContacts) {
        const contact = session.find({ id });
        if (contact) for (const rule of scoring.propertyRules) await fit(deps, session, book, rule, contact, awards);
      }
    },
  };

  const ledger: EventReactor = {
    async react(db, workspaceId, events) {
      const awards: ScoreAwardRow[] = [];
      const removed: string[] = [];
      const named = new Map<string, { contact_id: string; score: string; workspace_id: string; points: number; updated_at: number }>();
      for (const e of events) {
        if (e.name !== "score.changed") continue;
        const p = fromJson<Record<string, unknown>>(e.properties) ?? {};
        const key = typeof p.score === "string" ? p.score : DEFAULT_SCORE;
        if (key !== DEFAULT_SCORE && typeof p.to === "number") named.set(`${e.contact_id}\u0000${key}`, { contact_id: e.contact_id, score: key, workspace_id: workspaceId, points: p.to, updated_at: e.timestamp });
        if (typeof p.awardId === "string" && typeof p.points === "number") {
          awards.push({
            id: p.awardId,
            workspace_id: workspaceId,
            contact_id: e.contact_id,
            score: key,
            rule_id: typeof p.ruleId === "string" ? p.ruleId : null,
            points: p.points,
            event_id: typeof p.eventId === "string" ? p.eventId : null,
            awarded_at: e.timestamp,
            expires_at: typeof p.expiresAt === "number" ? p.expiresAt : null,
            removed_at: null,
          });
        }
        if (typeof p.removesAward === "string") removed.push(p.removesAward);
      }
      await upsertNamedScores(db, [...named.values()]);
      await insertScoreAwards(db, awards);
      await markAwardsRemoved(db, removed, deps.clock.now());
    },
  };

  const decay: BackgroundJob = {
    name: "score decay",
    async runDue(batchSize) {
      const now = deps.clock.now();
      let done = 0;
      const expired = await selectDueAwardExpiries(deps.db, now, Math.min(batchSize, DECAY_BATCH));
      for (const [workspaceId, awards] of groupBy(expired, (a) => a.workspace_id)) {
        await withContactSession(deps, workspaceId, async (s) => {
          await s.load({ ids: [...new Set(awards.map((a) => a.contact_id))] });
          const book = new ScoreBook(s, await scoringOf(s.transaction, workspaceId));
          for (const award of awards) {
            const contact = s.find({ id: award.contact_id });
            if (!contact) continue;
            const value = await book.value(contact, award.score);
            await book.change(contact, award.score, value - award.points, "expiry", { ruleId: award.rule_id, removesAward: award.id, points: -award.points });
          }
        });
        done += awards.length;
      }
      for (const definition of await selectDueHalvings(deps.db, now)) {
        const settings = fromJson<ScoreSettings>(definition.settings);
        const ids = await selectScoredContactIds(deps.db, definition.workspace_id, definition.key, definition.decay_cursor, DECAY_BATCH);
        if (ids.length) {
          await withContactSession(deps, definition.workspace_id, async (s) => {
            await s.load({ ids });
            const book = new ScoreBook(s, await scoringOf(s.transaction, definition.workspace_id));
            for (const contact of ids.map((id) => s.find({ id })).filter((c) => c !== undefined)) {
              const value = await book.value(contact, definition.key);
              await book.change(contact, definition.key, Math.trunc(value / 2), "decay", { points: Math.trunc(value / 2) - value });
            }
          });
        }
        const finished = ids.length < DECAY_BATCH;
        const every = settings.decay?.kind === "halve" ? settings.decay.every : undefined;
        let next = definition.decay_at!;
        if (finished && every) while (next <= now) next = addDuration(next, every, null);
        await updateScoreDecay(deps.db, definition.workspace_id, definition.key, finished ? { decay_at: every ? next : null, decay_cursor: null } : { decay_at: definition.decay_at, decay_cursor: ids[ids.length - 1]! });
        done += ids.length + 1;
      }
      return done;
    },
    async nextDueAt() {
      const due = [await selectNextAwardExpiry(deps.db), await selectNextHalving(deps.db)].filter((t) => t !== undefined);
      return due.length ? Math.min(...due) : undefined;
    },
  };

  deps.contactDerivers.push(deriver);
  deps.eventReactors.push(ledger);
  deps.backgroundJobs.push(decay);
}

/** Points for one event, within the rule's cap for the period, expiring when the score decays so. */
async function awardForEvent(deps: Deps, session: ContactSession, book: ScoreBook, scoring: Scoring, rule: EventRule, contact: Contact, event: NewEventRow, awards: Awards): Promise<void> {
  const now = session.now;
  let points = rule.points;
  if (rule.cap) {
    const room = rule.cap.points - Math.abs(awards.earned(contact.id, rule, now));
    if (room <= 0) return;
    points = Math.sign(points) * Math.min(Math.abs(points), room);
    awards.add(contact.id, rule.id, points, now);
  }
  const decay = scoring.scores.get(rule.score)?.decay;
  const expiresAt = decay?.kind === "expire" ? addDuration(now, decay.after, null) : undefined;
  const value = await book.value(contact, rule.score);
  await book.change(contact, rule.score, value + points, "rule", {
    ruleId: rule.id,
    ruleName: rule.name,
    awardId: deps.ids(),
    points,
    eventId: event.id,
    eventName: event.name,
    ...(expiresAt === undefined ? {} : { expiresAt }),
  });
}

/** Fit points follow the property: gained when the comparison starts holding, taken back when it stops. */
async function fit(deps: Deps, session: ContactSession, book: ScoreBook, rule: PropertyRule, contact: Contact, awards: Awards): Promise<void> {
  const holds = compareValue(own(contact.properties, rule.property.property), rule.property, session.now, session.propertyType(rule.property.property));
  const active = awards.active(contact.id, rule.id);
  if (holds === (active !== undefined)) return;
  const value = await book.value(contact, rule.score);
  if (holds) await book.change(contact, rule.score, value + rule.points, "fit", { ruleId: rule.id, ruleName: rule.name, awardId: deps.ids(), points: rule.points });
  else await book.change(contact, rule.score, value - active!.points, "fit", { ruleId: rule.id, ruleName: rule.name, removesAward: active!.id, points: -active!.points });
}

/** The awards a unit of work's rules read: recent ones of capped rules, and the fit awards held. */
interface Awards {
  /** Points `rule` gave the contact within its cap's period up to `now`, this unit of work's included. */
  earned(contactId: string, rule: EventRule, now: number): number;
  add(contactId: string, ruleId: string, points: number, at: number): void;
  active(contactId: string, ruleId: string): ScoreAwardRow | undefined;
}

async function loadAwards(session: ContactSession, scoring: Scoring, contactIds: string[], fitContactIds: string[]): Promise<Awards> {
  const now = session.now;
  const capped = scoring.eventRules.filter((r) => r.cap);
  const since = Math.min(...capped.map((r) => capStart(r, now)));
  const [recent, held] = await Promise.all([
    capped.length ? selectAwardsSince(session.transaction, contactIds, capped.map((r) => r.id), since) : [],
    selectActiveAwards(session.transaction, fitContactIds, scoring.propertyRules.map((r) => r.id)),
  ]);
  const key = (contactId: string, ruleId: string) => `${contactId}\u0000${ruleId}`;
  const given = new Map<string, { points: number; at: number }[]>();
  const add = (contactId: string, ruleId: string, points: number, at: number) => given.set(key(contactId, ruleId), [...(given.get(key(contactId, ruleId)) ?? []), { points, at }]);
  for (const a of recent) add(a.contact_id, a.rule_id!, a.points, a.awarded_at);
  const active = new Map(held.map((a) => [key(a.contact_id, a.rule_id!), a]));
  return {
    earned: (contactId, rule, at) => {
      const start = capStart(rule, at);
      return (given.get(key(contactId, rule.id)) ?? []).reduce((sum, a) => (a.at >= start ? sum + a.points : sum), 0);
    },
    add,
    active: (contactId, ruleId) => active.get(key(contactId, ruleId)),
  };
}

function capStart(rule: EventRule, now: number): number {
  return addDuration(now, { amount: -rule.cap!.per.amount, unit: rule.cap!.per.unit }, null);
}

function own(properties: Record<string, unknown>, name: string): unknown {
  return Object.hasOwn(properties, name) ? properties[name] : undefined;
}
