import { z } from "zod";
import { IsoTime } from "./contact.js";
import { DEFAULT_LIFECYCLE_STAGES, LifecycleStage } from "./workspace.js";

/** A ready-made ordered funnel a workspace can adopt instead of listing its stages. */
export const LifecyclePreset = z.object({
  id: z.string(),
  label: z.string(),
  stages: z.array(LifecycleStage).describe("Earliest stage first"),
});
export type LifecyclePreset = z.infer<typeof LifecyclePreset>;

export const LIFECYCLE_PRESET_IDS = ["b2b", "aida", "aarrr"] as const;
export type LifecyclePresetId = (typeof LIFECYCLE_PRESET_IDS)[number];

/** The presets, `b2b` first: it is what every new workspace starts with. */
export const LIFECYCLE_PRESETS: Record<LifecyclePresetId, LifecyclePreset> = {
  b2b: { id: "b2b", label: "B2B (default)", stages: DEFAULT_LIFECYCLE_STAGES },
  aida: {
    id: "aida",
    label: "AIDA",
    stages: [
      { id: "awareness", label: "Awareness" },
      { id: "interest", label: "Interest" },
      { id: "desire", label: "Desire" },
      { id: "action", label: "Action" },
    ],
  },
  aarrr: {
    id: "aarrr",
    label: "AARRR (pirate metrics)",
    stages: [
      { id: "acquisition", label: "Acquisition" },
      { id: "activation", label: "Activation" },
      { id: "retention", label: "Retention" },
      { id: "referral", label: "Referral" },
      { id: "revenue", label: "Revenue" },
    ],
  },
};

/** What exactly caused a change, beside its kind: `{ workflowId, runId, nodeId }` for a workflow step. */
export const LifecycleCauseDetail = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
export type LifecycleCauseDetail = z.infer<typeof LifecycleCauseDetail>;

/** The payload of a `lifecycle.changed` event (docs/events.md). */
export const LifecycleChangedPayload = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  cause: z.string().describe("api | workflow | import | score | merge | simulation …"),
  causeDetail: LifecycleCauseDetail.optional(),
});
export type LifecycleChangedPayload = z.infer<typeof LifecycleChangedPayload>;

/** One entry of a contact's stage history. */
export const LifecycleChange = z.object({
  id: z.string().describe("The id of the lifecycle.changed event on the contact's timeline"),
  from: z.string().nullable(),
  to: z.string().nullable(),
  cause: z.object({ kind: z.string(), detail: LifecycleCauseDetail.nullable() }),
  changedAt: IsoTime,
});
export type LifecycleChangeOut = z.infer<typeof LifecycleChange>;

export const LifecycleHistoryQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
});

const Instant = z.iso.datetime({ offset: true }).describe("ISO-8601 time");

export const FunnelQuery = z
  .strictObject({
    from: Instant.optional().describe("Start of the period (inclusive); default 30 days before `to`"),
    to: Instant.optional().describe("End of the period (exclusive); default now"),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { path: ["from"], message: "must be before `to`" });

const Rate = z.number().nullable().describe("A share between 0 and 1; null when nobody entered the stage");

export const FunnelStage = z.object({
  stage: z.string(),
  label: z.string(),
  current: z.number().int().describe("Contacts at this stage now"),
  entered: z.number().int().describe("Distinct contacts that entered the stage in the period"),
  reachedNext: z.number().int().describe("Of those, contacts that then entered the next stage, by the end of the period"),
  reachedLater: z.number().int().describe("Of those, contacts that then entered any later stage, by the end of the period"),
  conversion: z.object({ next: Rate, later: Rate }),
  timeInStage: z.object({
    completedStays: z.number().int().describe("Stays begun in the period that ended (the contact changed stage) by its end"),
    stillInStage: z.number().int().describe("Stays begun in the period still going at its end: not in the times below"),
    medianMs: z.number().nullable(),
    averageMs: z.number().nullable(),
  }),
});

export const FunnelReport = z.object({ from: IsoTime, to: IsoTime, stages: z.array(FunnelStage).describe("In funnel order") });
export type FunnelReportOut = z.infer<typeof FunnelReport>;
