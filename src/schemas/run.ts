import { z } from "zod";

export const RunStatus = z.enum(["running", "waiting", "completed", "converted", "exited", "failed"]);

export const Run = z.object({
  id: z.string(),
  workflowId: z.string(),
  version: z.number().int(),
  contactId: z.string(),
  status: RunStatus,
  /** The step to run next, or the one the run waits to resume at; null once ended. */
  nodeId: z.string().nullable(),
  /** When the run resumes, if it is waiting. */
  resumesAt: z.string().nullable(),
  trigger: z.record(z.string(), z.unknown()),
  error: z.record(z.string(), z.unknown()).nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
});

export const RunStep = z.object({
  nodeId: z.string(),
  nodeType: z.string(),
  /** next | wait | end | failed | exited (removed by another workflow) */
  outcome: z.string(),
  /** What was decided and why (decision, reason, verdict), and where the run went (to, until, then). */
  record: z.record(z.string(), z.unknown()),
  at: z.string(),
});

export const RunWithHistory = Run.extend({ steps: z.array(RunStep) });

export const EnrolBody = z.strictObject({ contactId: z.string().min(1) });
export const EnrolResult = z.union([
  z.object({ enrolled: z.literal(true), runId: z.string(), version: z.number().int() }),
  z.object({ enrolled: z.literal(false), reason: z.string() }),
]);

export const ClockAdvance = z.strictObject({ ms: z.number().int().min(0).max(10 * 366 * 24 * 3600 * 1000) });
export const ClockState = z.object({ now: z.string(), advanced: z.number().int().optional() });

/**
 * The trigger of a run started by another workflow's `enrol_workflow` step. `depth` counts the
 * workflows in the chain that led here (1: enrolled by a run that was itself not started by one).
 */
export const WorkflowEnrolmentTrigger = z.object({
  type: z.literal("workflow"),
  workflowId: z.string(),
  runId: z.string(),
  nodeId: z.string(),
  depth: z.number().int().min(1),
});
export type WorkflowEnrolmentTrigger = z.infer<typeof WorkflowEnrolmentTrigger>;
