import type { Properties, PropertyType } from "../contacts/index.js";
import type { Comparison } from "../schemas/rule.js";

/**
 * Everything a rule may ask about one contact, fetched by the caller before evaluating: facts are
 * synchronous so that the evaluator stays pure and a whole rule tree costs no I/O.
 */
export interface RuleFacts {
  /** Epoch ms, from the injected clock. */
  now: number;
  contact: { properties: Properties; lifecycleStage: string | null; score: number; timezone: string | null };
  /** The contact's named scores by key; a score it has no points in is 0. */
  scores: ReadonlyMap<string, number>;
  /** The workspace's stage ids in funnel order. */
  lifecycleStages: string[];
  /** Recorded property types; a property missing here is typed by its value. */
  propertyTypes: Map<string, PropertyType>;
  hasTag(tag: string): boolean;
  inList(listId: string): boolean;
  inSegment(segmentId: string): boolean;
  /** How many events named `name` matching `filters` since `since` (epoch ms, or null = ever). */
  eventCount(name: string, filters: Comparison[] | undefined, since: number | null): number;
  /** Whether the message sent by `nodeId` in this run was opened/clicked (since `since`). */
  engaged(action: "opened" | "clicked", nodeId: string, since: number | null): boolean;
}

/** The answer to a rule with its explanation; `children` are the sub-rules actually evaluated. */
export interface Verdict {
  matched: boolean;
  /** A plain sentence for a marketer: what the contact has, and what the rule needed. */
  reason: string;
  children?: Verdict[];
}
