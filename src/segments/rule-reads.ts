import { engagementAsEvent } from "../rules/index.js";
import type { Rule } from "../schemas/rule.js";

/** What a rule looks at: which changes to a contact may change its answer. */
export interface RuleReads {
  /** Event names counted (engagement with a template or campaign counts email events). */
  events: Set<string>;
  properties: boolean;
  tags: boolean;
  lists: boolean;
  stage: boolean;
  score: boolean;
  /** Segments whose membership the rule reads. */
  segments: Set<string>;
  /** Whether the answer moves with time alone ("in the last 30 days"), so a refresh is needed. */
  rolling: boolean;
}

export function ruleReads(rule: Rule): RuleReads {
  const reads: RuleReads = { events: new Set(), properties: false, tags: false, lists: false, stage: false, score: false, segments: new Set(), rolling: false };
  const walk = (r: Rule): void => {
    switch (r.type) {
      case "all":
      case "any":
        return r.rules.forEach(walk);
      case "not":
        return walk(r.rule);
      case "property":
        reads.properties = true;
        if (r.op === "within_last" || r.op === "within_next") reads.rolling = true;
        return;
      case "lifecycle":
        reads.stage = true;
        return;
      case "score":
        reads.score = true;
        return;
      case "tag":
        reads.tags = true;
        return;
      case "list":
        reads.lists = true;
        return;
      case "segment":
        reads.segments.add(r.segmentId);
        return;
      case "event":
        reads.events.add(r.name);
        if (r.within !== undefined || r.filters?.some((f) => f.op === "within_last" || f.op === "within_next")) reads.rolling = true;
        return;
      case "engagement": {
        const asEvent = engagementAsEvent(r);
        if (asEvent) walk(asEvent);
        return;
      }
    }
  };
  walk(rule);
  return reads;
}

/** The segment rules inside a rule, with their paths from the rule's root. */
export function segmentReferences(rule: Rule, path: (string | number)[] = []): { segmentId: string; path: (string | number)[] }[] {
  switch (rule.type) {
    case "all":
    case "any":
      return rule.rules.flatMap((r, i) => segmentReferences(r, [...path, "rules", i]));
    case "not":
      return segmentReferences(rule.rule, [...path, "rule"]);
    case "segment":
      return [{ segmentId: rule.segmentId, path: [...path, "segmentId"] }];
    default:
      return [];
  }
}

/** Internal events and what they change; any other event is counted by name only. */
const CHANGES: Record<string, (reads: RuleReads, properties: Record<string, unknown>) => boolean> = {
  // A new contact may match any rule at once (a negation, properties given at creation).
  "contact.created": () => true,
  "property.changed": (r) => r.properties,
  "tag.added": (r) => r.tags,
  "tag.removed": (r) => r.tags,
  "list.joined": (r) => r.lists,
  "list.left": (r) => r.lists,
  "lifecycle.changed": (r) => r.stage,
  "score.changed": (r) => r.score,
  "segment.entered": (r, p) => typeof p.segmentId === "string" && r.segments.has(p.segmentId),
  "segment.exited": (r, p) => typeof p.segmentId === "string" && r.segments.has(p.segmentId),
};

/** Whether an event of this name may change the answer of a rule that reads `reads`. */
export function mayChange(reads: RuleReads, name: string | null, properties: () => Record<string, unknown>): boolean {
  if (name === null) return false;
  if (reads.events.has(name)) return true;
  const change = CHANGES[name];
  return change !== undefined && change(reads, properties());
}
