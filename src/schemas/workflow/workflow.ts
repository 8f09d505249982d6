import { z } from "zod";
import { Duration } from "../duration.js";
import { Rule } from "../rule.js";
import { Node, NodeId } from "./node.js";
import { Trigger } from "./trigger.js";

/** Whether a contact who already went through the workflow may enter it again. */
export const ReEnrolment = z.discriminatedUnion("mode", [
  z.strictObject({ mode: z.literal("never") }),
  z.strictObject({ mode: z.literal("always") }),
  z.strictObject({ mode: z.literal("after"), cooldown: Duration }),
]);

/** The workflow document (format version 1): see docs/workflow-format.md. */
export const WorkflowDefinition = z.strictObject({
  version: z.literal(1),
  triggers: z.array(Trigger).min(1).max(20),
  entry: z
    .strictObject({
      /** Only contacts matching this rule when a trigger fires are enrolled. */
      filter: Rule.optional(),
      reEnrolment: ReEnrolment.default({ mode: "never" }),
      /** More than one active run per contact (default: at most one). */
      allowConcurrentRuns: z.boolean().default(false),
    })
    .prefault({}),
  /** Checked whenever the contact changes: matching ends the run as a conversion. */
  goal: z.strictObject({ name: z.string().max(100).optional(), rule: Rule }).optional(),
  /** Checked whenever the contact changes: matching ends the run (no conversion). */
  exit: Rule.optional(),
  start: NodeId,
  nodes: z.array(Node).min(1).max(500),
});
export type WorkflowDefinition = z.infer<typeof WorkflowDefinition>;
export type WorkflowDefinitionInput = z.input<typeof WorkflowDefinition>;
