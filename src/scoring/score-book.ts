import type { Contact, ContactSession } from "../contacts/index.js";
import { DEFAULT_SCORE } from "../schemas/scoring.js";
import { selectNamedScores } from "../store/index.js";
import type { Scoring } from "./workspace-rules.js";

/** Causes of the changes scoring makes itself: it checks their thresholds as it makes them. */
export const SCORING_CAUSES: ReadonlySet<unknown> = new Set(["rule", "fit", "expiry", "decay"]);

/**
 * The scores of a unit of work's contacts and every change to them: each change is an event
 * explaining it (`score.changed` with the rule, the points and the event), a threshold crossed
 * is a `score.crossed` event, and a promotion moves the stage forward, never back.
 */
export class ScoreBook {
  private readonly named = new Map<string, number>();
  /** Contacts whose named scores are in `named` (a key they have no points in is 0). */
  private readonly loaded = new Set<string>();

  constructor(
    private readonly session: ContactSession,
    private readonly scoring: Scoring,
  ) {}

  /** Reads the named scores of `contactIds` in one query, so that `value` asks nothing more of them. */
  async preload(contactIds: string[]): Promise<void> {
    const wanted = contactIds.filter((id) => !this.loaded.has(id));
    if (!wanted.length) return;
    for (const row of await selectNamedScores(this.session.transaction, wanted)) this.named.set(`${row.contact_id}\u0000${row.score}`, row.points);
    for (const id of wanted) this.loaded.add(id);
  }

  async value(contact: Contact, key: string): Promise<number> {
    if (key === DEFAULT_SCORE) return contact.score;
    await this.preload([contact.id]);
    return this.named.get(`${contact.id}\u0000${key}`) ?? 0;
  }

  /** Sets score `key` to `to`; `detail` goes on the event (ruleId, awardId, eventId, points…). */
  async change(contact: Contact, key: string, to: number, cause: string, detail: Record<string, unknown>): Promise<void> {
    const from = await this.value(contact, key);
    if (from === to) return;
    if (key === DEFAULT_SCORE) this.session.setScore(contact, to, cause, detail);
    else {
      this.named.set(`${contact.id}\u0000${key}`, to);
      this.session.record(contact, { kind: "internal", name: "score.changed", properties: { score: key, from, to, delta: to - from, cause, ...detail } });
    }
    await this.crossed(contact, key, from, to);
  }

  /** Thresholds crossed by a change from `from` to `to`, and the promotions they bring. */
  async crossed(contact: Contact, key: string, from: number, to: number): Promise<void> {
    const settings = this.scoring.scores.get(key);
    if (!settings) return;
    for (const threshold of settings.thresholds) {
      const direction = from < threshold && threshold <= to ? "up" : to < threshold && threshold <= from ? "down" : undefined;
      if (direction) this.session.record(contact, { kind: "internal", name: "score.crossed", properties: { score: key, threshold, direction, from, to } });
    }
    // Automatic changes only move forward in the funnel: a customer crossing the MQL threshold stays a customer.
    for (const p of settings.promote) {
      if (from < p.threshold && p.threshold <= to) await this.session.advanceLifecycleStage(contact, p.stage, { kind: "score", detail: { score: key, threshold: p.threshold, from, to } });
    }
  }
}
