import { fromJson, type WorkflowRow, type WorkflowVersionRow } from "../../store/index.js";
import { WorkflowDefinition } from "../../schemas/workflow/index.js";
import type { WorkflowOut, WorkflowSummaryOut, WorkflowVersionOut } from "../../schemas/workflow-api.js";

const iso = (ms: number) => new Date(ms).toISOString();

/** Stored documents are parsed on the way out, like any other boundary. */
export function parseDefinition(stored: unknown): WorkflowDefinition {
  return WorkflowDefinition.parse(fromJson(stored));
}

export function workflowSummaryToApi(row: WorkflowRow): WorkflowSummaryOut {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    status: row.status,
    currentVersion: row.current_version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function workflowToApi(row: WorkflowRow, versions: Pick<WorkflowVersionRow, "version" | "published_at">[]): WorkflowOut {
  return {
    ...workflowSummaryToApi(row),
    draft: parseDefinition(row.draft),
    versions: versions.map((v) => ({ version: v.version, publishedAt: iso(v.published_at) })),
  };
}

export function workflowVersionToApi(row: WorkflowVersionRow): WorkflowVersionOut {
  return { workflowId: row.workflow_id, version: row.version, publishedAt: iso(row.published_at), definition: parseDefinition(row.definition) };
}
