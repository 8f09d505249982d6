import { z } from "zod";

/**
 * The Segment tracking spec as Parcours accepts it: the fields of the spec plus those the Segment
 * and RudderStack libraries add (`_metadata`, `channel`, `originalTimestamp`, per-message
 * `sentAt`, …). Anything else is refused, so a typo never disappears silently.
 */
export const SEGMENT_TYPES = ["identify", "track", "page", "screen", "group", "alias"] as const;
export type SegmentType = (typeof SEGMENT_TYPES)[number];

/** Largest `/v1/batch` body, bytes (Segment's limit). */
export const MAX_BATCH_BYTES = 500 * 1024;
/** Largest single-call body, bytes (Segment's per-call limit). */
export const MAX_CALL_BYTES = 32 * 1024;
/** Most messages in one `/v1/batch` call. */
export const MAX_BATCH_MESSAGES = 2500;

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Epoch ms of an ISO-8601 date-time as SDKs write it: any fraction of a second (Python sends
 * microseconds), `+0000` or `+00:00` offsets, and UTC when the zone is missing.
 */
export function parseSpecTime(text: string): number | undefined {
  if (!ISO_TIME.test(text)) return undefined;
  const [, date, time, fraction = "", zone = "Z"] = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?(.*)$/i.exec(text)!;
  const ms = fraction ? `.${fraction.slice(0, 3).padEnd(3, "0")}` : "";
  const offset = zone === "" || zone.toUpperCase() === "Z" ? "Z" : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const at = Date.parse(`${date}T${time}${ms}${offset}`);
  return Number.isNaN(at) ? undefined : at;
}

const Time = z.string().refine((s) => parseSpecTime(s) !== undefined, "must be an ISO-8601 date-time such as 2026-01-05T09:00:00.000Z");
/** Libraries have long accepted numeric ids and send them as numbers; they are stored as text. */
const Id = z.union([z.string().max(255), z.number().finite()]);
const Obj = z.record(z.string(), z.unknown());

function common<T extends SegmentType>(type: T) {
  return {
    type: z.literal(type).optional(),
    userId: Id.nullable().optional().describe("Your id for the user; an empty string or null means none"),
    anonymousId: Id.nullable().optional().describe("Device or browser id, for users not yet identified"),
    messageId: z.string().min(1).max(255).optional().describe("Makes the call idempotent; generated when absent"),
    timestamp: Time.optional().describe("When it happened on the client; corrected for clock skew with sentAt"),
    originalTimestamp: Time.optional(),
    sentAt: Time.optional().describe("When the client sent it, by the client's clock"),
    receivedAt: Time.optional().describe("Ignored: set by the server"),
    context: Obj.optional(),
    integrations: Obj.optional(),
    _metadata: Obj.optional(),
    channel: z.string().max(100).optional(),
    version: z.union([z.number(), z.string().max(20)]).optional(),
    writeKey: z.string().max(255).optional(),
  };
}

const Traits = Obj.describe("Nested objects become dotted property names (address.city); `email` sets the contact's email");
const Properties = Obj;
const Name = z.string().max(255).nullable().optional();

/** The body of `/v1/<type>`: `type` may be left out. */
export const SegmentCall = {
  identify: z.strictObject({ ...common("identify"), traits: Traits.optional() }),
  track: z.strictObject({ ...common("track"), event: z.string().min(1).max(255), properties: Properties.optional() }),
  page: z.strictObject({ ...common("page"), name: Name, category: Name, properties: Properties.optional() }),
  screen: z.strictObject({ ...common("screen"), name: Name, category: Name, properties: Properties.optional() }),
  group: z.strictObject({ ...common("group"), groupId: Id, traits: Traits.optional() }),
  alias: z.strictObject({ ...common("alias"), previousId: Id, userId: Id }),
} satisfies Record<SegmentType, z.ZodType>;

/** One element of `batch`, where `type` says which call it is. */
export const SegmentBatchMessage = z.discriminatedUnion("type", [
  SegmentCall.identify.extend({ type: z.literal("identify") }),
  SegmentCall.track.extend({ type: z.literal("track") }),
  SegmentCall.page.extend({ type: z.literal("page") }),
  SegmentCall.screen.extend({ type: z.literal("screen") }),
  SegmentCall.group.extend({ type: z.literal("group") }),
  SegmentCall.alias.extend({ type: z.literal("alias") }),
]);
export type SegmentBatchMessage = z.infer<typeof SegmentBatchMessage>;

export const SegmentBatch = z.strictObject({
  batch: z.array(SegmentBatchMessage).max(MAX_BATCH_MESSAGES),
  sentAt: Time.optional(),
  /** RudderStack's libraries send the flush time here too; it is not used. */
  timestamp: Time.optional(),
  context: Obj.optional().describe("Applies to every message; a message's own context keys win"),
  integrations: Obj.optional(),
  writeKey: z.string().max(255).optional(),
});
export type SegmentBatch = z.infer<typeof SegmentBatch>;

export const SegmentAccepted = z.object({ success: z.literal(true) });
