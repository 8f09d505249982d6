import type { Rule } from "../../../src/schemas/rule.js";

/** A group's mode as the builder shows it: every, at least one, or none of its items match. */
export type GroupMode = "all" | "any" | "none";

/** A rule seen as a group: its mode, its items, and where each item sits in the rule (for problems). */
export interface GroupView {
  mode: GroupMode;
  items: Rule[];
  itemPath: (index: number) => string;
}

/**
 * The group a rule stands for, or null for a single condition. `not(any(…))` is "none of";
 * any other `not(X)` is "none of" the one item X (the same thing).
 */
export function groupView(rule: Rule, path: string): GroupView | null {
  if (rule.type === "all" || rule.type === "any") return { mode: rule.type, items: rule.rules, itemPath: (i) => `${path}.rules.${i}` };
  if (rule.type !== "not") return null;
  if (rule.rule.type === "any") return { mode: "none", items: rule.rule.rules, itemPath: (i) => `${path}.rule.rules.${i}` };
  return { mode: "none", items: [rule.rule], itemPath: () => `${path}.rule` };
}

/** The rule of a group (its items must not be empty: the schema wants at least one). */
export function groupRule(mode: GroupMode, items: Rule[]): Rule {
  // A lone "any" item stays wrapped, or it would read back as this group's own items.
  if (mode === "none") return items.length === 1 && items[0]!.type !== "any" ? { type: "not", rule: items[0]! } : { type: "not", rule: { type: "any", rules: items } };
  return { type: mode, rules: items };
}

export function isGroup(rule: Rule): boolean {
  return groupView(rule, "") !== null;
}

/** A rule as the top of a segment's builder: always a group, so conditions can be added beside it. */
export function asRootGroup(rule: Rule): Rule {
  return isGroup(rule) ? rule : { type: "all", rules: [rule] };
}

/** The kinds of condition the builder offers, in its menu's order. */
export const CONDITION_KINDS = ["property", "tag", "list", "segment", "lifecycle", "score", "event", "engagement"] as const;
export type ConditionKind = (typeof CONDITION_KINDS)[number];

export const KIND_LABEL: Record<ConditionKind, string> = {
  property: "Property",
  tag: "Tag",
  list: "List",
  segment: "Segment",
  lifecycle: "Lifecycle stage",
  score: "Score",
  event: "Event",
  engagement: "Email engagement",
};

/**
 * A new condition of a kind, to fill in. Required names start empty, so the condition says what
 * it still needs rather than matching something nobody chose.
 */
export function freshCondition(kind: ConditionKind, defaults: { stage?: string; step?: string } = {}): Rule {
  switch (kind) {
    case "property":
      return { type: "property", property: "", op: "is_set" };
    case "tag":
      return { type: "tag", op: "has", tag: "" };
    case "list":
      return { type: "list", op: "member", listId: "" };
    case "segment":
      return { type: "segment", op: "member", segmentId: "" };
    case "lifecycle":
      return { type: "lifecycle", op: "at_least", stage: defaults.stage ?? "" };
    case "score":
      return { type: "score", op: "gte", value: 50 };
    case "event":
      return { type: "event", name: "", count: { op: "gte", value: 1 } };
    case "engagement":
      return defaults.step ? { type: "engagement", action: "clicked", nodeId: defaults.step } : { type: "engagement", action: "clicked", templateId: "" };
  }
}
