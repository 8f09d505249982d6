import { z } from "zod";
import type { Deps } from "../../deps.js";
import type { SimulationResult } from "../../schemas/simulation.js";
import type { WorkflowDefinition } from "../../schemas/workflow/index.js";
import { readContactRuns, readRun } from "../runtime/index.js";
import type { EngineEvent } from "./record.js";

type Path = SimulationResult["runs"][number]["path"];

/** A run step's record as the engine stores it: the command without its kind. */
const StoredStep = z.object({
  to: z.string().optional(),
  then: z.string().optional(),
  until: z.number().optional(),
  error: z.record(z.string(), z.unknown()).optional(),
  record: z.object({ decision: z.string().optional(), reason: z.string().optional(), verdict: z.unknown().optional() }).optional(),
});

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The contact's runs in the scratch store, oldest first, each with its path, read with the same
 * readers as GET /api/v1/runs/:id. `workflow` is what to report for the scratch workflow.
 */
export async function simulatedRuns(
  scratch: Deps,
  workspaceId: string,
  contactId: string,
  definition: WorkflowDefinition,
  workflow: { id: string | null; version: number | null },
): Promise<SimulationResult["runs"]> {
  const labels = new Map(definition.nodes.map((n) => [n.id, n.label ?? null]));
  const runs = (await readContactRuns(scratch, workspaceId, contactId)).reverse();
  return Promise.all(
    runs.map(async (r) => {
      const run = await readRun(scratch, workspaceId, r.id);
      return {
        runId: run.id,
        workflowId: workflow.id,
        version: workflow.version,
        status: run.status,
        startedAt: run.startedAt,
        endedAt: run.endedAt,
        resumesAt: run.resumesAt,
        ...(run.error ? { error: run.error } : {}),
        path: run.steps.map((s): Path[number] => {
          const stored = StoredStep.parse(s.record);
          const to = stored.to ?? stored.then;
          const reason = stored.record?.reason ?? (typeof stored.error?.message === "string" ? stored.error.message : null);
          return {
            nodeId: s.nodeId,
            nodeType: s.nodeType,
            label: labels.get(s.nodeId) ?? null,
            at: s.at,
            outcome: s.outcome,
            decision: stored.record?.decision ?? null,
            reason,
            ...(stored.record?.verdict === undefined ? {} : { verdict: stored.record.verdict }),
            ...(to === undefined ? {} : { to }),
            ...(stored.until === undefined ? {} : { until: iso(stored.until) }),
            ...(stored.error ? { error: stored.error } : {}),
          };
        }),
      };
    }),
  );
}

/** Enrolment decisions, in order, from the engine's `workflow.enrolled` / `workflow.not_enrolled` events. */
export function enrolmentsOf(events: EngineEvent[]): SimulationResult["enrolments"] {
  return events.flatMap((e): SimulationResult["enrolments"] => {
    if (e.name === "workflow.enrolled") return [{ at: iso(e.at), enrolled: true, runId: String(e.properties.runId) }];
    if (e.name === "workflow.not_enrolled") return [{ at: iso(e.at), enrolled: false, reason: String(e.properties.reason) }];
    return [];
  });
}

const ENROLMENT_EVENTS = new Set(["workflow.enrolled", "workflow.not_enrolled"]);

/** What the engine did to the contact: every internal event it caused but the enrolment decisions. */
export function effectsOf(events: EngineEvent[]): SimulationResult["effects"] {
  return events.filter((e) => !ENROLMENT_EVENTS.has(e.name)).map((e) => ({ at: iso(e.at), name: e.name, properties: e.properties }));
}
