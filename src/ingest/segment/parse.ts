import { z } from "zod";
import { ValidationError, type FieldProblem } from "../../core/index.js";
import { isTimeZone, normalizeEmail, type EventInput } from "../../contacts/index.js";
import { MAX_BATCH_MESSAGES, parseSpecTime, SEGMENT_TYPES, SegmentBatch, SegmentBatchMessage, SegmentCall, type SegmentType } from "../../schemas/segment.js";
import { MAX_PROBLEMS, type ProfileChange, type SegmentMessage } from "./message.js";

/** What the server adds to every message of a call. */
export interface ParseOptions {
  /** Arrival time by the server's clock, epoch ms: `receivedAt`, and the base of skew correction. */
  receivedAt: number;
  /** Makes a messageId for messages that come without one. */
  newId: () => string;
}

/** Longest property name; also bounds how deep nested traits are followed. */
const MAX_NAME = 100;

/** The fields a message may carry, across all types (zod has checked each against its type). */
interface RawMessage {
  type?: SegmentType;
  userId?: string | number | null;
  anonymousId?: string | number | null;
  previousId?: string | number;
  groupId?: string | number;
  messageId?: string;
  timestamp?: string;
  originalTimestamp?: string;
  sentAt?: string;
  context?: Record<string, unknown>;
  traits?: Record<string, unknown>;
  properties?: Record<string, unknown>;
  event?: string;
  name?: string | null;
  category?: string | null;
}

/** What a batch gives all its messages. */
interface Envelope {
  sentAt?: string | undefined;
  context?: Record<string, unknown> | undefined;
}

/** Checks the body of `/v1/<type>`; throws a ValidationError naming every bad field. */
export function parseSegmentCall(type: SegmentType, body: unknown, options: ParseOptions): SegmentMessage[] {
  const parsed = SegmentCall[type].safeParse(body);
  if (!parsed.success) throw new ValidationError(problemsOf(parsed.error));
  const problems: FieldProblem[] = [];
  const message = toMessage(type, parsed.data as RawMessage, "", {}, options, problems);
  if (problems.length) throw new ValidationError(problems);
  return [message];
}

/** The batch without its messages, which are checked one by one so that every problem is reported at once. */
const BatchEnvelope = SegmentBatch.extend({ batch: z.array(z.unknown()).max(MAX_BATCH_MESSAGES) });

/** Checks a whole `/v1/batch` body before anything is written; problems are named `batch.<i>.<field>`. */
export function parseSegmentBatch(body: unknown, options: ParseOptions): SegmentMessage[] {
  const parsed = BatchEnvelope.safeParse(body);
  const problems = parsed.success ? [] : problemsOf(parsed.error);
  const envelope: Envelope = parsed.success ? { sentAt: parsed.data.sentAt, context: parsed.data.context } : {};
  const messages: SegmentMessage[] = [];
  itemsOf(body, parsed.data?.batch).forEach((item, i) => {
    const m = SegmentBatchMessage.safeParse(item);
    if (m.success) messages.push(toMessage(m.data.type, m.data as RawMessage, `batch.${i}.`, envelope, options, problems));
    else problems.push(...problemsOf(m.error, `batch.${i}`));
  });
  if (problems.length) throw new ValidationError(problems.slice(0, MAX_PROBLEMS));
  return messages;
}

/** The messages to check, also when the envelope around them is wrong. */
function itemsOf(body: unknown, checked: unknown[] | undefined): unknown[] {
  if (checked) return checked;
  const batch = (body as { batch?: unknown } | null)?.batch;
  return Array.isArray(batch) && batch.length <= MAX_BATCH_MESSAGES ? batch : [];
}

function toMessage(type: SegmentType, raw: RawMessage, field: string, envelope: Envelope, options: ParseOptions, problems: FieldProblem[]): SegmentMessage {
  const userId = idOf(raw.userId);
  const anonymousId = idOf(raw.anonymousId);
  const previousId = idOf(raw.previousId);
  if (type === "alias") {
    if (!previousId) problems.push({ field: `${field}previousId`, message: "must not be empty" });
    if (!userId) problems.push({ field: `${field}userId`, message: "must not be empty" });
  } else if (!userId && !anonymousId) {
    problems.push({ field: `${field}userId`, message: "give a userId or an anonymousId (or both)" });
  }
  const context = envelope.context ? { ...envelope.context, ...raw.context } : (raw.context ?? null);
  const messageId = raw.messageId ?? options.newId();
  const event: EventInput = { ...events[type](raw), context, messageId, timestamp: eventTime(raw, envelope, options.receivedAt) };
  const profile = type === "identify" ? profileOf(raw.traits ?? {}, context, `${field}traits.`, problems) : null;
  return { type, field, messageId, userId, anonymousId, previousId, profile, event };
}

/**
 * The spec's event time: `timestamp` (else `originalTimestamp`) moved by the client's clock skew,
 * `receivedAt - sentAt`, when the client says when it sent the message; else the arrival time.
 */
function eventTime(raw: RawMessage, envelope: Envelope, receivedAt: number): number {
  const at = timeOf(raw.timestamp) ?? timeOf(raw.originalTimestamp);
  if (at === undefined) return receivedAt;
  const sentAt = timeOf(raw.sentAt) ?? timeOf(envelope.sentAt);
  return sentAt === undefined ? at : at + (receivedAt - sentAt);
}

type EventBody = Pick<EventInput, "kind" | "name" | "properties">;

const events: Record<SegmentType, (raw: RawMessage) => EventBody> = {
  identify: (raw) => ({ kind: "identify", name: null, properties: raw.traits ?? {} }),
  track: (raw) => ({ kind: "track", name: raw.event!, properties: raw.properties ?? {} }),
  page: (raw) => ({ kind: "page", name: raw.name ?? null, properties: withCategory(raw) }),
  screen: (raw) => ({ kind: "screen", name: raw.name ?? null, properties: withCategory(raw) }),
  group: (raw) => ({ kind: "group", name: null, properties: { groupId: idOf(raw.groupId), traits: raw.traits ?? {} } }),
  alias: (raw) => ({ kind: "alias", name: null, properties: { previousId: idOf(raw.previousId) } }),
};

/** The spec puts a page's category beside its name; keep it with the properties it describes. */
function withCategory(raw: RawMessage): Record<string, unknown> {
  const properties = raw.properties ?? {};
  return raw.category && !("category" in properties) ? { ...properties, category: raw.category } : properties;
}

function profileOf(traits: Record<string, unknown>, context: Record<string, unknown> | null, prefix: string, problems: FieldProblem[]): ProfileChange {
  const properties: Record<string, unknown> = {};
  let email: string | null = null;
  let timezone: string | null = null;
  for (const [name, value] of Object.entries(traits)) {
    if (name === "email") email = emailOf(value, `${prefix}email`, problems);
    else if (name === "timezone") timezone = timezoneOf(value, `${prefix}timezone`, problems);
    else flatten(name, value, properties, prefix, problems);
  }
  // The device's zone is a hint, not a claim: a bad one is ignored rather than failing the call.
  const hint = context?.timezone;
  if (timezone === null && typeof hint === "string" && isTimeZone(hint)) timezone = hint;
  return { properties, email, timezone };
}

function flatten(name: string, value: unknown, out: Record<string, unknown>, prefix: string, problems: FieldProblem[]): void {
  if (name.length > MAX_NAME) {
    problems.push({ field: `${prefix}${name.slice(0, MAX_NAME)}…`, message: `property names are at most ${MAX_NAME} characters, nesting included` });
  } else if (Array.isArray(value)) {
    problems.push({ field: `${prefix}${name}`, message: "arrays are not supported as traits: send each value as its own trait, or join them into one string" });
  } else if (value !== null && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) flatten(`${name}.${key}`, inner, out, prefix, problems);
  } else {
    out[name] = value;
  }
}

function emailOf(value: unknown, field: string, problems: FieldProblem[]): string | null {
  if (value === null || value === undefined || value === "") return null;
  const email = typeof value === "string" ? normalizeEmail(value) : undefined;
  if (email === undefined) problems.push({ field, message: `${JSON.stringify(value)} is not a valid email address` });
  return email ?? null;
}

function timezoneOf(value: unknown, field: string, problems: FieldProblem[]): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" && isTimeZone(value)) return value;
  problems.push({ field, message: `${JSON.stringify(value)} is not an IANA time zone (such as Europe/Paris)` });
  return null;
}

/** Ids as text; null, absent and "" all mean "none" (RudderStack's browser library sends ""). */
function idOf(id: string | number | null | undefined): string | null {
  if (id === null || id === undefined || id === "") return null;
  return typeof id === "number" ? String(id) : id;
}

function timeOf(text: string | undefined): number | undefined {
  return text === undefined ? undefined : parseSpecTime(text);
}

function problemsOf(error: z.ZodError, under?: string): FieldProblem[] {
  const problems = error.issues.flatMap((issue): FieldProblem[] => {
    const path = [...(under === undefined ? [] : [under]), ...issue.path].join(".");
    if (issue.code === "unrecognized_keys") return issue.keys.map((k) => ({ field: path ? `${path}.${k}` : k, message: "is not a known field" }));
    if (issue.code === "invalid_union" && "discriminator" in issue) return [{ field: path, message: `must be one of ${SEGMENT_TYPES.join(", ")}` }];
    return [{ field: path || "body", message: issue.message }];
  });
  return problems.slice(0, MAX_PROBLEMS);
}
