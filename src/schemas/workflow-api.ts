import { z } from "zod";
import { IsoTime } from "./contact.js";
import { Run } from "./run.js";
import { WorkflowDefinition } from "./workflow/index.js";

/**
 * draft: never published. active: its current version enrols contacts. paused: nothing new
 * starts (the runs' fate while paused is the engine's). archived: final, read-only.
 */
export const WorkflowStatus = z.enum(["draft", "active", "paused", "archived"]);
export type WorkflowStatus = z.infer<typeof WorkflowStatus>;

const writable = {
  name: z.string().trim().min(1).max(200).describe("Unique in the workspace"),
  description: z.string().max(2000).nullable(),
  /** The workflow document, format version 1 (docs/workflow-format.md). */
  definition: WorkflowDefinition,
};

export const WorkflowCreate = z.strictObject({ name: writable.name, description: writable.description.optional(), definition: writable.definition });
export type WorkflowCreate = z.infer<typeof WorkflowCreate>;

/** Changes the draft only: a published version never changes, whatever the status. */
export const WorkflowUpdate = z.strictObject(writable).partial();
export type WorkflowUpdate = z.infer<typeof WorkflowUpdate>;

/** Validates this document instead of the stored draft, without saving it; no body checks the draft. */
export const WorkflowValidateBody = z.strictObject({ definition: writable.definition.optional() }).nullish();
export type WorkflowValidateBody = z.infer<typeof WorkflowValidateBody>;

export const WorkflowProblem = z.object({
  field: z.string().describe("Dotted path in the definition, e.g. nodes.3.next"),
  message: z.string(),
  nodeId: z.string().optional(),
});

export const WorkflowValidation = z.object({ valid: z.boolean(), problems: z.array(WorkflowProblem) });
export type WorkflowValidation = z.infer<typeof WorkflowValidation>;

export const WorkflowVersionSummary = z.object({ version: z.number().int(), publishedAt: IsoTime });

const summary = {
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  status: WorkflowStatus,
  currentVersion: z.number().int().nullable().describe("The version new runs start on; null until the first publish"),
  createdAt: IsoTime,
  updatedAt: IsoTime,
};

/** A workflow as lists show it, without its documents. */
export const WorkflowSummary = z.object(summary);
export type WorkflowSummaryOut = z.infer<typeof WorkflowSummary>;

export const Workflow = z.object({ ...summary, draft: WorkflowDefinition, versions: z.array(WorkflowVersionSummary).describe("Oldest first") });
export type WorkflowOut = z.infer<typeof Workflow>;

/** A published version: immutable, what runs started on it execute. */
export const WorkflowVersion = z.object({ workflowId: z.string(), version: z.number().int(), publishedAt: IsoTime, definition: WorkflowDefinition });
export type WorkflowVersionOut = z.infer<typeof WorkflowVersion>;

/** The JSON Schema of the workflow document, as clients write it (defaults optional); committed as docs/workflow.schema.json. */
export function workflowJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(WorkflowDefinition, { io: "input" }) as Record<string, unknown>;
}

const count = z.number().int().min(0);

/** How many runs of a version are in each status now. */
export const RunStatusCounts = z.object({ total: count, running: count, waiting: count, completed: count, converted: count, exited: count, failed: count });

/** What happened at one node of a version, over all its runs. */
export const NodeStats = z.object({
  nodeId: z.string(),
  nodeType: z.string(),
  label: z.string().nullable(),
  entered: z.object({ steps: count.describe("Steps run at this node (a loop runs it more than once per run)"), runs: count.describe("Distinct runs that ran it") }),
  running: count.describe("Active runs about to run this step"),
  waiting: count.describe("Runs waiting in this step now (a delay or wait-for)"),
  completed: count.describe("Runs that ended at this step"),
  converted: count.describe("Runs that reached the goal at this step"),
  exited: count.describe("Runs removed (by another workflow) while at this step"),
  failed: count.describe("Runs that failed at this step"),
});

/** Per-node counts of one published version, and its runs per status. */
export const WorkflowStats = z.object({ workflowId: z.string(), version: z.number().int(), runs: RunStatusCounts, nodes: z.array(NodeStats).describe("In document order") });
export type WorkflowStatsOut = z.infer<typeof WorkflowStats>;

const decision = {
  eventId: z.string().describe("The timeline event that recorded the decision"),
  at: IsoTime,
  workflowId: z.string(),
  workflowName: z.string().nullable(),
  trigger: z.record(z.string(), z.unknown()).describe("What asked for the enrolment: the API, an event, another workflow"),
};

/** One enrolment decision about a contact: it entered a workflow (and where its run is now), or why not. */
export const ContactWorkflowDecision = z.discriminatedUnion("decision", [
  z.object({ decision: z.literal("enrolled"), ...decision, run: Run.nullable().describe("The run it started, as it is now") }),
  z.object({ decision: z.literal("not_enrolled"), ...decision, reason: z.string() }),
]);
export type ContactWorkflowDecisionOut = z.infer<typeof ContactWorkflowDecision>;
