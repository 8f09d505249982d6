import { z } from "zod";
import { IsoTime } from "./contact.js";
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
