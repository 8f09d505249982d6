import { z } from "zod";
import { Offset, TimeOfDay } from "../duration.js";
import { Comparison, Scalar } from "../rule.js";

/** How a text (a URL) is matched; `matches` is a glob where `*` stands for any characters. */
export const TextMatch = z.strictObject({
  op: z.enum(["equals", "contains", "starts_with", "matches"]),
  value: z.string().min(1).max(2000),
});
export type TextMatch = z.infer<typeof TextMatch>;

const trigger = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) => z.strictObject({ type: z.literal(type), ...shape });

/** What starts a run. A workflow has one or more; any of them enrols the contact. */
export const Trigger = z.discriminatedUnion("type", [
  trigger("contact.created", {}),
  trigger("event", { name: z.string().min(1).max(200), filters: z.array(Comparison).max(20).optional() }),
  trigger("page.viewed", { url: TextMatch }),
  trigger("form.submitted", { formId: z.string().min(1) }),
  trigger("email.opened", { nodeId: z.string().optional(), templateId: z.string().optional() }),
  trigger("email.clicked", { nodeId: z.string().optional(), templateId: z.string().optional(), url: TextMatch.optional() }),
  trigger("property.changed", { property: z.string().min(1).max(100), from: Scalar.nullable().optional(), to: Scalar.nullable().optional() }),
  trigger("tag.added", { tag: z.string().min(1).max(100) }),
  trigger("tag.removed", { tag: z.string().min(1).max(100) }),
  trigger("list.joined", { listId: z.string().min(1) }),
  trigger("list.left", { listId: z.string().min(1) }),
  trigger("segment.entered", { segmentId: z.string().min(1) }),
  trigger("segment.exited", { segmentId: z.string().min(1) }),
  /** `score` names a named score (e.g. `fit`); absent means the contact's main score. */
  trigger("score.changed", { score: z.string().min(1).max(50).optional(), crossesAbove: z.number().optional(), crossesBelow: z.number().optional() }),
  /** One of the thresholds a score definition declares was crossed (`direction` absent: either way). */
  trigger("score.crossed", { score: z.string().min(1).max(50).optional(), threshold: z.number().optional(), direction: z.enum(["up", "down"]).optional() }),
  trigger("lifecycle.changed", { from: z.string().optional(), to: z.string().optional() }),
  /** A date property falling due: `offset` from it (e.g. -3 days), at `at` in the contact's time zone. */
  trigger("date.due", { property: z.string().min(1).max(100), offset: Offset, at: TimeOfDay }),
  /** Enrols every member of a segment or a static list (exactly one) on a cron schedule (5 fields), in `timezone`. */
  trigger("schedule", {
    cron: z.string().min(9).max(100),
    timezone: z.string().min(1),
    segmentId: z.string().min(1).optional(),
    listId: z.string().min(1).optional(),
  })
    .refine((t) => (t.segmentId === undefined) !== (t.listId === undefined), {
      message: "a schedule enrols the members of exactly one segment (segmentId) or one list (listId)",
      path: ["listId"],
    })
    // The refinement does not reach the JSON Schema; this says the same to its readers.
    .meta({ oneOf: [{ required: ["segmentId"] }, { required: ["listId"] }] }),
  /** Enrolment through `POST /api/v1/workflows/:id/enrol`. */
  trigger("api", {}),
  /** Contacts created or updated by a CSV import (any import, or one import by id). */
  trigger("import", { importId: z.string().optional() }),
]);
export type Trigger = z.infer<typeof Trigger>;
export type TriggerType = Trigger["type"];
