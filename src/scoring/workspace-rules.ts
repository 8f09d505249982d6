import { type ScoreSettings, type ScoringRuleIn } from "../schemas/scoring.js";
import { fromJson, selectScoreDefinitions, selectScoringRules, selectScoringStamp, type Db } from "../store/index.js";

export type EventRule = Extract<ScoringRuleIn, { kind: "event" }> & { id: string };
export type PropertyRule = Extract<ScoringRuleIn, { kind: "property" }> & { id: string };

/** A workspace's scoring, parsed once and kept while nothing changes. */
export interface Scoring {
  scores: Map<string, ScoreSettings>;
  eventRules: EventRule[];
  propertyRules: PropertyRule[];
}

/** Reads a workspace's scoring, reparsed only when its rules or scores changed (a cheap stamp query). */
export function createScoringCache() {
  const cache = new Map<string, { stamp: string; scoring: Scoring }>();
  return async function scoringOf(db: Db, workspaceId: string): Promise<Scoring> {
    const stamp = await selectScoringStamp(db, workspaceId);
    const hit = cache.get(workspaceId);
    if (hit?.stamp === stamp) return hit.scoring;
    const [definitions, rules] = await Promise.all([selectScoreDefinitions(db, workspaceId), selectScoringRules(db, workspaceId)]);
    const parsed = rules.map((r) => ({ ...fromJson<ScoringRuleIn>(r.definition), id: r.id }));
    const scoring: Scoring = {
      scores: new Map(definitions.map((d) => [d.key, { ...fromJson<ScoreSettings>(d.settings), name: d.name, description: d.description }])),
      eventRules: parsed.filter((r): r is EventRule => r.kind === "event"),
      propertyRules: parsed.filter((r): r is PropertyRule => r.kind === "property"),
    };
    cache.set(workspaceId, { stamp, scoring });
    return scoring;
  };
}
