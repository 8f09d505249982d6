import { z } from "zod";
import { IsoTime } from "./contact.js";
import { Duration, TimeOfDay } from "./duration.js";
import { TimeZone } from "./time-zone.js";

const Id = z.string().trim().min(1).max(200);

/** Who gets it: the members of a static list or of a segment when sending starts. */
export const BroadcastAudience = z.union([z.strictObject({ listId: Id }), z.strictObject({ segmentId: Id })]);
export type BroadcastAudience = z.infer<typeof BroadcastAudience>;

/**
 * When it goes out: without a schedule, as soon as it is sent; `at` an instant; `localTime` at
 * that wall-clock time of that day in each contact's time zone (contacts without one: the
 * fallback zone, else the workspace's default zone, else UTC).
 */
export const BroadcastSchedule = z.union([
  z.strictObject({ at: z.iso.datetime({ offset: true }).describe("ISO-8601 with a zone") }),
  z.strictObject({
    localTime: z.strictObject({
      date: z.iso.date().describe("YYYY-MM-DD"),
      time: TimeOfDay.describe("HH:MM on the contact's wall clock"),
      fallbackTimezone: TimeZone.optional().describe("For contacts without a (valid) time zone"),
    }),
  }),
]);
export type BroadcastSchedule = z.infer<typeof BroadcastSchedule>;

/** A Liquid subject line, like a template's. */
const Subject = z.string().trim().min(1).max(500);

export const BroadcastVariant = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, "variant ids are 1 to 40 letters, digits, _ or -"),
  subject: Subject.optional().describe("Replaces the template's subject (Liquid allowed)"),
  templateId: Id.optional().describe("Another email template for this variant (default: the broadcast's)"),
});
export type BroadcastVariant = z.infer<typeof BroadcastVariant>;

/** Sends variants to a sample, then the best one (by unique opens or clicks) to the rest. */
export const BroadcastAbTest = z
  .strictObject({
    variants: z.array(BroadcastVariant).min(2).max(5),
    samplePercent: z.number().min(1).max(100).describe("Share of the audience in the test, split evenly across the variants"),
    metric: z.enum(["opens", "clicks"]).describe("Unique opens or unique clicks decide the winner; ties go to the first variant"),
    duration: Duration.describe("How long the test runs before the winner is chosen and sent to the rest"),
  })
  .superRefine((ab, ctx) => {
    const seen = new Set<string>();
    ab.variants.forEach((v, i) => {
      if (seen.has(v.id)) ctx.addIssue({ code: "custom", path: ["variants", i, "id"], message: `variant id ${JSON.stringify(v.id)} is used twice` });
      seen.add(v.id);
      if (v.subject === undefined && v.templateId === undefined) ctx.addIssue({ code: "custom", path: ["variants", i], message: "a variant changes the subject, the template, or both" });
    });
  });
export type BroadcastAbTest = z.infer<typeof BroadcastAbTest>;

/** Sends again, with another subject, to recipients who have not opened it after a while. */
export const BroadcastResend = z.strictObject({
  after: Duration.describe("After each recipient's first send"),
  subject: Subject,
});
export type BroadcastResend = z.infer<typeof BroadcastResend>;

export const BroadcastThrottle = z.strictObject({
  perSecond: z.number().int().min(1).max(100_000).describe("Messages of this broadcast per second at most"),
});

const fields = {
  templateId: Id.describe("An email template; its latest version when sending starts is the one sent"),
  audience: BroadcastAudience,
  category: z.enum(["marketing", "transactional"]).describe("Marketing needs consent and gets an unsubscribe link (default marketing)"),
  topicId: Id.describe("The subscription topic it is about: its unsubscribers are skipped"),
  senderId: Id.describe("A sender identity (default: the workspace's default)"),
  schedule: BroadcastSchedule,
  throttle: BroadcastThrottle,
  abTest: BroadcastAbTest,
  resend: BroadcastResend,
};

/** What a broadcast sends, to whom and how, as stored (versioned). */
export const BroadcastDefinition = z.strictObject({
  version: z.literal(1),
  templateId: fields.templateId,
  audience: fields.audience,
  category: fields.category,
  topicId: fields.topicId.optional(),
  senderId: fields.senderId.optional(),
  schedule: fields.schedule.optional(),
  throttle: fields.throttle.optional(),
  abTest: fields.abTest.optional(),
  resend: fields.resend.optional(),
});
export type BroadcastDefinition = z.infer<typeof BroadcastDefinition>;

const Name = z.string().trim().min(1).max(200);

export const BroadcastCreate = z.strictObject({
  name: Name,
  templateId: fields.templateId,
  audience: fields.audience,
  category: fields.category.default("marketing"),
  topicId: fields.topicId.optional(),
  senderId: fields.senderId.optional(),
  schedule: fields.schedule.optional(),
  throttle: fields.throttle.optional(),
  abTest: fields.abTest.optional(),
  resend: fields.resend.optional(),
});
export type BroadcastCreate = z.infer<typeof BroadcastCreate>;

/** Changes a draft: the fields given replace the old ones; `null` removes an optional one. */
export const BroadcastUpdate = z.strictObject({
  name: Name.optional(),
  templateId: fields.templateId.optional(),
  audience: fields.audience.optional(),
  category: fields.category.optional(),
  topicId: fields.topicId.nullable().optional(),
  senderId: fields.senderId.nullable().optional(),
  schedule: fields.schedule.nullable().optional(),
  throttle: fields.throttle.nullable().optional(),
  abTest: fields.abTest.nullable().optional(),
  resend: fields.resend.nullable().optional(),
});
export type BroadcastUpdate = z.infer<typeof BroadcastUpdate>;

export const BroadcastStatus = z.enum(["draft", "scheduled", "sending", "testing", "sent", "cancelled"]);
export type BroadcastStatus = z.infer<typeof BroadcastStatus>;

export const BroadcastOut = z.object({
  id: z.string(),
  name: z.string(),
  /**
   * draft → scheduled → sending → sent; with an A/B test sending (the sample) → testing (waiting
   * for the winner) → sending (the winner to the rest) → sent; cancelled at any point before sent.
   */
  status: BroadcastStatus,
  templateId: z.string(),
  audience: BroadcastAudience,
  category: z.enum(["marketing", "transactional"]),
  topicId: z.string().nullable(),
  senderId: z.string().nullable(),
  schedule: BroadcastSchedule.nullable(),
  throttle: BroadcastThrottle.nullable(),
  abTest: z
    .object({
      variants: z.array(BroadcastVariant),
      samplePercent: z.number(),
      metric: z.enum(["opens", "clicks"]),
      duration: Duration,
      /** The variant sent to the rest, once chosen. */
      winner: z.string().nullable(),
      /** When the winner is (or was) chosen. */
      endsAt: IsoTime.nullable(),
    })
    .nullable(),
  resend: z
    .object({
      after: Duration,
      subject: z.string(),
      /** pending (not due yet or not sent), sending, sent. */
      status: z.enum(["pending", "sending", "sent"]),
      /** When the first resends fall due, once known. */
      at: IsoTime.nullable(),
    })
    .nullable(),
  /** When sending starts (or started); null for a draft. */
  scheduledAt: IsoTime.nullable(),
  startedAt: IsoTime.nullable(),
  /** When the last message (of the first send, resends aside) went out. */
  sentAt: IsoTime.nullable(),
  cancelledAt: IsoTime.nullable(),
  /** Recipients taken from the audience so far (the snapshot when sending starts). */
  recipients: z.number().int(),
  /** The template version each template is sent at, fixed when sending starts. */
  templateVersions: z.record(z.string(), z.number().int()).nullable(),
  /** Why sending stopped, when it failed. */
  error: z.string().nullable(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type BroadcastOut = z.infer<typeof BroadcastOut>;

const Rate = z.number().nullable().describe("A share between 0 and 1; null when the base is 0");

/** Counts of one group of recipients (all of the first send, a variant, the resend). */
export const BroadcastCounts = z.object({
  /** Recipient rows: contacts taken from the audience (for the resend, the non-openers). */
  recipients: z.number().int(),
  /** Not sent yet (or waiting for a retry, or for the winner). */
  queued: z.number().int(),
  /** Accepted by the SMTP server or stored in the local mailbox. */
  sent: z.number().int(),
  /** Sent and not bounced. */
  delivered: z.number().int(),
  bounced: z.number().int(),
  /** Refused by the SMTP server (5xx), or still failing after every retry. */
  failed: z.number().int(),
  skipped: z.object({ total: z.number().int(), byReason: z.record(z.string(), z.number().int()) }),
  uniqueOpens: z.number().int(),
  uniqueClicks: z.number().int(),
  unsubscribes: z.number().int(),
  complaints: z.number().int(),
  rates: z.object({
    /** bounced / sent */
    bounce: Rate,
    /** The others: over delivered. */
    open: Rate,
    click: Rate,
    clickToOpen: Rate.describe("uniqueClicks / uniqueOpens"),
    unsubscribe: Rate,
    complaint: Rate,
  }),
});
export type BroadcastCounts = z.infer<typeof BroadcastCounts>;

export const BroadcastStats = z.object({
  broadcastId: z.string(),
  status: BroadcastStatus,
  /** The first send: the A/B sample and the winner's send, or the one send. */
  totals: BroadcastCounts,
  /** Per A/B variant (its sample, plus the rest when it won); empty without a test. */
  variants: z.array(BroadcastCounts.extend({ id: z.string(), winner: z.boolean() })),
  /** The resend to non-openers; null when there is none. */
  resend: BroadcastCounts.nullable(),
});
export type BroadcastStats = z.infer<typeof BroadcastStats>;

export const BroadcastSendOut = z.object({ id: z.string(), status: BroadcastStatus, scheduledAt: IsoTime });
