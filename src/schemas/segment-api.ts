import { z } from "zod";
import { Contact, IsoTime } from "./contact.js";
import { Duration } from "./duration.js";
import { Rule } from "./rule.js";

/** A dynamic segment: contacts matching a rule, kept current as data arrives (docs/segments.md). */
export const SegmentOut = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  rule: Rule,
  /** building: the members are being (re)computed; ready: they are current. */
  status: z.enum(["building", "ready"]),
  memberCount: z.number().int(),
  /** How often a rule with rolling windows is recomputed; null when the rule has none. */
  refreshEvery: Duration.nullable(),
  computedAt: IsoTime.nullable(),
  /** Why the last recompute failed, when it did. */
  error: z.string().nullable(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type SegmentOut = z.infer<typeof SegmentOut>;

const writable = {
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).nullable(),
  rule: Rule,
  refreshEvery: Duration.describe("Rules with rolling windows are recomputed this often (default 15 minutes, at least 1 minute)"),
};

export const SegmentCreate = z.strictObject({ ...writable, description: writable.description.optional(), refreshEvery: writable.refreshEvery.optional() });
export type SegmentCreate = z.infer<typeof SegmentCreate>;

export const SegmentUpdate = z.strictObject(writable).partial();
export type SegmentUpdate = z.infer<typeof SegmentUpdate>;

export const SegmentPreviewIn = z.strictObject({
  rule: Rule,
  sampleSize: z.number().int().min(0).max(100).default(10),
});

export const SegmentPreviewOut = z.object({
  count: z.number().int(),
  sample: z.array(Contact).describe("The first matching contacts, in creation order"),
});

export const SegmentHistoryEntry = z.object({
  contactId: z.string(),
  email: z.string().nullable().describe("The contact's email now (null without one, or once erased)"),
  kind: z.enum(["entered", "exited"]),
  at: IsoTime,
});
