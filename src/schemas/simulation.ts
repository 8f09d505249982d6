import { z } from "zod";
import { Contact, ContactCreate, IsoTime, Tag } from "./contact.js";
import { Duration } from "./duration.js";
import { WorkflowDefinition } from "./workflow/index.js";

/** Longest timeline a simulation plays. */
export const MAX_TIMELINE = 500;

const Instant = z.iso.datetime({ offset: true }).describe("ISO-8601 time with zone");
const Properties = z.record(z.string(), z.unknown());
const event = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) => z.strictObject({ type: z.literal(type), ...shape });

/**
 * What happens to the contact at one point of the timeline. Each is applied as the real product
 * applies it (through the contact session), so it fires triggers like the real event would.
 */
export const SimulatedEvent = z.discriminatedUnion("type", [
  event("track", { name: z.string().min(1).max(200), properties: Properties.optional() }),
  event("page", { url: z.string().min(1).max(2000), title: z.string().max(500).optional(), properties: Properties.optional() }),
  /** An identify call: sets (null unsets) the contact's properties. */
  event("identify", { properties: Properties }),
  event("tag.added", { tag: Tag }),
  event("tag.removed", { tag: Tag }),
  event("list.joined", { listId: z.string().min(1) }),
  event("list.left", { listId: z.string().min(1) }),
  event("lifecycle.changed", { stage: z.string().min(1).nullable() }),
  event("score.changed", { delta: z.number().finite() }),
  event("form.submitted", { formId: z.string().min(1), fields: Properties.optional() }),
  event("email.opened", { nodeId: z.string().optional(), templateId: z.string().optional() }),
  event("email.clicked", { nodeId: z.string().optional(), templateId: z.string().optional(), url: z.string().max(2000).optional() }),
]);
export type SimulatedEvent = z.infer<typeof SimulatedEvent>;

/** When an entry happens: an instant, or a duration after the previous entry (the first: after the start). */
export const TimelineAt = z.union([Instant, z.strictObject({ after: Duration })]);
export type TimelineAt = z.infer<typeof TimelineAt>;

export const TimelineEntry = z.strictObject({
  /** Default: at the same instant as the previous entry. */
  at: TimelineAt.optional(),
  event: SimulatedEvent,
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/** The contact simulated: an existing one (copied, never changed), or one made up here. */
export const SimulatedContact = z.union([
  z.strictObject({ id: z.string().min(1) }),
  z.strictObject({ email: z.string().min(1).max(254) }),
  z.strictObject({ inline: ContactCreate }),
]);
export type SimulatedContact = z.infer<typeof SimulatedContact>;

export const SimulationInput = z.strictObject({
  /** The document to simulate; default the workflow's draft (or the version asked for). */
  definition: WorkflowDefinition.optional(),
  contact: SimulatedContact,
  /** Where the virtual clock starts; default now. */
  startAt: Instant.optional(),
  /** `start`: the contact is enrolled at the start (as through the API); `triggers`: only when a timeline event fires a trigger. */
  enrol: z.enum(["start", "triggers"]).default("start"),
  timeline: z.array(TimelineEntry).max(MAX_TIMELINE).default([]),
  /** How long after the last timeline entry delays may still play out; default 400 days. */
  horizon: Duration.optional(),
});
export type SimulationInput = z.infer<typeof SimulationInput>;

export const SimulationQuery = z.strictObject({ version: z.coerce.number().int().min(1).optional() });

export const PathStep = z.object({
  nodeId: z.string(),
  nodeType: z.string(),
  label: z.string().nullable(),
  at: IsoTime,
  /** next | wait | end | failed */
  outcome: z.string(),
  decision: z.string().nullable(),
  reason: z.string().nullable(),
  verdict: z.unknown().optional(),
  /** Where the run went next, or when it resumes after a wait. */
  to: z.string().optional(),
  until: IsoTime.optional(),
  error: z.record(z.string(), z.unknown()).optional(),
});

export const SimulatedRun = z.object({
  runId: z.string(),
  workflowId: z.string().nullable(),
  version: z.number().int().nullable(),
  status: z.string(),
  startedAt: IsoTime,
  endedAt: IsoTime.nullable(),
  /** Set when the run was still waiting at the end of the simulation. */
  resumesAt: IsoTime.nullable(),
  /** Why the run failed, when it did. */
  error: z.record(z.string(), z.unknown()).optional(),
  path: z.array(PathStep),
});

const EventOut = z.object({ at: IsoTime, name: z.string(), properties: z.record(z.string(), z.unknown()) });

export const SimulationResult = z.object({
  enrolled: z.boolean(),
  reason: z.string().optional(),
  /** Every entry decision taken during the simulation, in order. */
  enrolments: z.array(z.object({ at: IsoTime, enrolled: z.boolean(), runId: z.string().optional(), reason: z.string().optional() })),
  runs: z.array(SimulatedRun),
  /** What the runs did to the contact (tags, properties, stage, score, owner, lists), in order. */
  effects: z.array(EventOut),
  timeline: z.array(z.object({ at: IsoTime, event: SimulatedEvent })),
  /** The contact as the simulation left it. */
  contact: Contact,
  startedAt: IsoTime,
  endedAt: IsoTime,
});
export type SimulationResult = z.infer<typeof SimulationResult>;
