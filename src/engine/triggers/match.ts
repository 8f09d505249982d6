import { compareValue } from "../../rules/index.js";
import type { Scalar } from "../../schemas/rule.js";
import type { TextMatch, Trigger, TriggerType } from "../../schemas/workflow/index.js";

/** An event as stored (the events table), with its properties parsed. */
export interface StoredEvent {
  kind: string;
  name: string | null;
  properties: Record<string, unknown>;
  /** When it happened, epoch ms. */
  timestamp: number;
}

/**
 * The index key an event is found under: `internal:<name>` and `track:<name>`, since triggers
 * select those by name; the other kinds (`page`, `screen`, `identify`…) by kind alone, since a
 * page's name is free text no trigger selects on.
 */
export function eventKey(event: Pick<StoredEvent, "kind" | "name">): string {
  const byName = event.kind === "internal" || event.kind === "track";
  return byName && event.name !== null ? `${event.kind}:${event.name}` : event.kind;
}

/** The keys (as eventKey computes them) of the events that may fire `trigger`; [] when no event does. */
export function triggerKeys(trigger: Trigger): string[] {
  return (MATCHERS[trigger.type] as Matcher<Trigger>).keys(trigger);
}

/** Whether `event` fires `trigger`. `now` (epoch ms) is for filters on dates relative to now. */
export function matchesTrigger(trigger: Trigger, event: StoredEvent, now: number): boolean {
  const matcher = MATCHERS[trigger.type] as Matcher<Trigger>;
  // Checked here too, so that a caller that did not go through the index cannot misfire a trigger.
  if (!matcher.keys(trigger).includes(eventKey(event))) return false;
  return matcher.matches(trigger, event, now);
}

interface Matcher<T> {
  keys: (trigger: T) => string[];
  matches: (trigger: T, event: StoredEvent, now: number) => boolean;
}

const internal = (name: string): string => `internal:${name}`;

/** A trigger fired by one internal event whatever its properties. */
const onInternal = (name: string): Matcher<Trigger> => ({ keys: () => [internal(name)], matches: () => true });

/** A trigger no stored event fires (see the list below for why). */
const notByEvents: Matcher<Trigger> = { keys: () => [], matches: () => false };

const MATCHERS: { [T in TriggerType]: Matcher<Extract<Trigger, { type: T }>> } = {
  "contact.created": onInternal("contact.created"),
  event: {
    keys: (t) => [`track:${t.name}`],
    matches: (t, { properties }, now) => (t.filters ?? []).every((f) => compareValue(properties[f.property], f, now)),
  },
  "page.viewed": { keys: () => ["page"], matches: (t, { properties: p }) => typeof p.url === "string" && matchesText(t.url, p.url) },
  "property.changed": {
    keys: () => [internal("property.changed")],
    matches: (t, { properties: p }, now) => p.property === t.property && sameValue(t.from, p.old, now) && sameValue(t.to, p.new, now),
  },
  "tag.added": { keys: () => [internal("tag.added")], matches: (t, { properties: p }) => p.tag === t.tag },
  "tag.removed": { keys: () => [internal("tag.removed")], matches: (t, { properties: p }) => p.tag === t.tag },
  "list.joined": { keys: () => [internal("list.joined")], matches: (t, { properties: p }) => p.listId === t.listId },
  "list.left": { keys: () => [internal("list.left")], matches: (t, { properties: p }) => p.listId === t.listId },
  "lifecycle.changed": {
    keys: () => [internal("lifecycle.changed")],
    matches: (t, { properties: p }) => (t.from === undefined || p.from === t.from) && (t.to === undefined || p.to === t.to),
  },
  "score.changed": { keys: () => [internal("score.changed")], matches: (t, { properties: p }) => sameScore(t.score, p.score) && crossesThreshold(t, p.from, p.to) },
  "score.crossed": {
    keys: () => [internal("score.crossed")],
    matches: (t, { properties: p }) => sameScore(t.score, p.score) && (t.threshold === undefined || p.threshold === t.threshold) && (t.direction === undefined || p.direction === t.direction),
  },
  import: {
    keys: () => [internal("contact.created"), internal("import.contact")],
    matches: (t, { name, properties: p }) => {
      // A contact the import created carries it in contact.created's `source`; one it updated gets import.contact.
      const source = name === "import.contact" ? p : isRecord(p.source) && p.source.channel === "import" ? p.source : null;
      return source !== null && (t.importId === undefined || source.importId === t.importId);
    },
  },
  // Emitted by segments, forms and messaging (see docs/events.md for their properties).
  "form.submitted": { keys: () => [internal("form.submitted")], matches: (t, { properties: p }) => p.formId === t.formId },
  "email.opened": { keys: () => [internal("email.opened")], matches: (t, { properties: p }) => sameMessage(t, p) },
  "email.clicked": {
    keys: () => [internal("email.clicked")],
    matches: (t, { properties: p }) => sameMessage(t, p) && (t.url === undefined || (typeof p.url === "string" && matchesText(t.url, p.url))),
  },
  "segment.entered": { keys: () => [internal("segment.entered")], matches: (t, { properties: p }) => p.segmentId === t.segmentId },
  "segment.exited": { keys: () => [internal("segment.exited")], matches: (t, { properties: p }) => p.segmentId === t.segmentId },
  // Fired by the engine on their schedule (src/engine/scheduled/) and through the API, not by stored events.
  "date.due": notByEvents,
  schedule: notByEvents,
  api: notByEvents,
};

/**
 * `expected` absent: any value; null: the property is (was) unset; otherwise equal as the rule
 * language's `equals` compares (typed: 5 equals "5", an ISO date equals the same instant).
 */
function sameValue(expected: Scalar | null | undefined, actual: unknown, now: number): boolean {
  if (expected === undefined) return true;
  if (expected === null) return actual === null || actual === undefined;
  return compareValue(actual, { property: "value", op: "equals", value: expected }, now);
}

/** Score events name their score when it is a named one; none is the main score. */
function sameScore(wanted: string | undefined, actual: unknown): boolean {
  return (wanted ?? "default") === (typeof actual === "string" ? actual : "default");
}

/**
 * No bound: any change. With bounds, crossing either one fires: above X is from < X <= to,
 * below X is from >= X > to (both bounds cannot be crossed by one change).
 */
function crossesThreshold(t: Extract<Trigger, { type: "score.changed" }>, from: unknown, to: unknown): boolean {
  if (t.crossesAbove === undefined && t.crossesBelow === undefined) return true;
  if (typeof from !== "number" || typeof to !== "number") return false;
  const above = t.crossesAbove !== undefined && from < t.crossesAbove && t.crossesAbove <= to;
  const below = t.crossesBelow !== undefined && from >= t.crossesBelow && t.crossesBelow > to;
  return above || below;
}

/** The message an engagement event is about: its template and the workflow node that sent it, when the trigger names them. */
function sameMessage(t: { nodeId?: string | undefined; templateId?: string | undefined }, p: Record<string, unknown>): boolean {
  return (t.nodeId === undefined || p.nodeId === t.nodeId) && (t.templateId === undefined || p.templateId === t.templateId);
}

/** URLs are matched ignoring case. */
function matchesText(match: TextMatch, url: string): boolean {
  const [text, value] = [url.toLowerCase(), match.value.toLowerCase()];
  switch (match.op) {
    case "equals":
      return text === value;
    case "contains":
      return text.includes(value);
    case "starts_with":
      return text.startsWith(value);
    case "matches":
      return matchesGlob(value, text);
  }
}

/**
 * Whether the whole of `text` matches `pattern`, where `*` stands for any characters. Greedy with
 * backtracking to the last `*` only, so a pattern with many stars stays O(pattern × text) on
 * long URLs sent by anyone (a regex with many `.*` backtracks in O(text^stars)).
 */
function matchesGlob(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] !== "*" && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === "*") {
      star = p++;
      resume = t;
    } else if (star !== -1) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === "*") p++;
  return p === pattern.length;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
