import { z } from "zod";
import { IsoTime } from "./contact.js";
import { Duration } from "./duration.js";
import { Comparison } from "./rule.js";

/** `default` is the contact's main score; other keys name further scores (engagement, fit). */
export const ScoreKey = z.string().regex(/^[a-z][a-z0-9_]{0,49}$/, "must be lower-case letters, digits and _, starting with a letter (at most 50)");
export const DEFAULT_SCORE = "default";

export const ScoreDecay = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("expire"), after: Duration.describe("Points from event rules are taken back this long after they were earned") }),
  z.strictObject({ kind: z.literal("halve"), every: Duration.describe("The whole score is halved this often") }),
]);
export type ScoreDecay = z.infer<typeof ScoreDecay>;

export const Promotion = z.strictObject({
  threshold: z.number(),
  stage: z.string().min(1).describe("Lifecycle stage a contact moves up to when its score reaches the threshold; never down"),
});

export const ScoreSettings = z.strictObject({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).nullable().optional(),
  thresholds: z
    .array(z.number())
    .max(20)
    .default([])
    .describe("Crossing one, up or down, emits score.crossed"),
  decay: ScoreDecay.nullable().default(null),
  promote: z.array(Promotion).max(10).default([]),
});
export type ScoreSettings = z.infer<typeof ScoreSettings>;

export const ScoreOut = z.object({
  key: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  thresholds: z.array(z.number()),
  decay: ScoreDecay.nullable(),
  promote: z.array(Promotion),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type ScoreOut = z.infer<typeof ScoreOut>;

const ruleBase = {
  score: ScoreKey.default(DEFAULT_SCORE),
  name: z.string().trim().min(1).max(200),
  points: z.number().finite().refine((n) => n !== 0, "must not be 0"),
};

/** Points for each event matching `event` (name and property filters), at most `cap.points` per `cap.per`. */
export const EventScoringRule = z.strictObject({
  kind: z.literal("event"),
  ...ruleBase,
  event: z.strictObject({ name: z.string().min(1).max(200), filters: z.array(Comparison).max(20).optional() }),
  cap: z.strictObject({ points: z.number().positive(), per: Duration }).optional(),
});

/** Fit points while a property comparison holds: gained when it starts holding, taken back when it stops. */
export const PropertyScoringRule = z.strictObject({
  kind: z.literal("property"),
  ...ruleBase,
  property: Comparison,
});

export const ScoringRuleIn = z.discriminatedUnion("kind", [EventScoringRule, PropertyScoringRule]);
export type ScoringRuleIn = z.infer<typeof ScoringRuleIn>;

export const ScoringRuleOut = z.union([
  EventScoringRule.extend({ id: z.string(), createdAt: IsoTime, updatedAt: IsoTime }),
  PropertyScoringRule.extend({ id: z.string(), createdAt: IsoTime, updatedAt: IsoTime }),
]);
export type ScoringRuleOut = z.infer<typeof ScoringRuleOut>;

export const ScoreAward = z.object({
  id: z.string(),
  ruleId: z.string().nullable(),
  points: z.number(),
  eventId: z.string().nullable(),
  awardedAt: IsoTime,
  expiresAt: IsoTime.nullable(),
  removedAt: IsoTime.nullable(),
});

export const ContactScores = z.object({
  data: z.array(z.object({ key: z.string(), name: z.string(), points: z.number(), recentAwards: z.array(ScoreAward) })),
});
