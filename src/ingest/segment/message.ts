import type { EventInput } from "../../contacts/index.js";
import type { SegmentType } from "../../schemas/segment.js";

/** Problem reports are capped: a batch of 2,500 broken messages needs no 2,500-line answer. */
export const MAX_PROBLEMS = 100;

/** What an identify call changes on the contact, checked for shape but not yet for types. */
export interface ProfileChange {
  /** Flattened traits (`address.city`), without `email` and `timezone`. */
  properties: Record<string, unknown>;
  /** Normalised address from `traits.email`. */
  email: string | null;
  /** IANA zone from `traits.timezone`, else a valid `context.timezone`. */
  timezone: string | null;
}

/** One accepted-for-processing Segment message: who it is about, and the event to store. */
export interface SegmentMessage {
  type: SegmentType;
  /** Prefix of this message's fields in error reports: "" for a single call, "batch.3." in a batch. */
  field: string;
  messageId: string;
  userId: string | null;
  anonymousId: string | null;
  /** alias: the identity merged into `userId`. */
  previousId: string | null;
  /** identify only. */
  profile: ProfileChange | null;
  /** The timeline event, its timestamp already corrected for clock skew. */
  event: EventInput;
}
