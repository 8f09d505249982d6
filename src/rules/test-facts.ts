import type { PropertyType } from "../contacts/index.js";
import type { Comparison } from "../schemas/rule.js";
import type { RuleFacts } from "./facts.js";

/** A made-up contact for evaluator tests; every question a rule asked is recorded in `asked`. */
export interface FakeContact {
  now?: number;
  properties?: Record<string, string | number | boolean>;
  types?: Record<string, PropertyType>;
  stage?: string | null;
  score?: number;
  scores?: Record<string, number>;
  tags?: string[];
  lists?: string[];
  segments?: string[];
  /** Events as [name, epoch ms, properties]; counted through `compare` with the rule's filters. */
  events?: Array<[string, number, Record<string, unknown>]>;
  engagements?: Array<[action: "opened" | "clicked", nodeId: string, at: number]>;
}

export const STAGES = ["subscriber", "lead", "mql", "sql", "opportunity", "customer"];

export function fakeFacts(
  c: FakeContact,
  matches: (actual: unknown, filter: Comparison) => boolean = () => true,
): RuleFacts & { asked: string[] } {
  const asked: string[] = [];
  const now = c.now ?? Date.parse("2026-03-15T12:00:00.000Z");
  return {
    asked,
    now,
    contact: { properties: c.properties ?? {}, lifecycleStage: c.stage ?? null, score: c.score ?? 0, timezone: null },
    scores: new Map(Object.entries(c.scores ?? {})),
    lifecycleStages: STAGES,
    propertyTypes: new Map(Object.entries(c.types ?? {})),
    hasTag: (tag) => (asked.push(`tag ${tag}`), (c.tags ?? []).includes(tag)),
    inList: (id) => (asked.push(`list ${id}`), (c.lists ?? []).includes(id)),
    inSegment: (id) => (asked.push(`segment ${id}`), (c.segments ?? []).includes(id)),
    eventCount: (name, filters, since) => {
      asked.push(`event ${name} since ${since === null ? "ever" : new Date(since).toISOString()}`);
      return (c.events ?? []).filter(
        ([n, at, props]) =>
          n === name && (since === null || at >= since) && at <= now && (filters ?? []).every((f) => matches(Object.hasOwn(props, f.property) ? props[f.property] : undefined, f)),
      ).length;
    },
    engaged: (action, nodeId, since) => {
      asked.push(`${action} ${nodeId} since ${since === null ? "ever" : new Date(since).toISOString()}`);
      return (c.engagements ?? []).some(([a, n, at]) => a === action && n === nodeId && (since === null || at >= since));
    },
  };
}
