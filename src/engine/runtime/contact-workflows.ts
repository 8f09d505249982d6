import { z } from "zod";
import { readTimeline } from "../../contacts/index.js";
import type { Deps } from "../../deps.js";
import type { ContactWorkflowDecisionOut } from "../../schemas/workflow-api.js";
import { fromJson, selectRunsByIds, selectWorkflowNames, type TimelinePosition } from "../../store/index.js";
import { runToApi } from "./read-runs.js";

/** The payloads enrolContact writes on the timeline (see enrol.ts). */
const Enrolled = z.object({ workflowId: z.string(), runId: z.string(), trigger: z.record(z.string(), z.unknown()) });
const NotEnrolled = z.object({ workflowId: z.string(), reason: z.string(), trigger: z.record(z.string(), z.unknown()) });

/**
 * Why a contact is or is not in each workflow: every enrolment decision on its timeline, newest
 * first, with the workflow's name, the run it started (as it is now) or the reason it did not
 * enter. `limit` decisions after `before`; NotFoundError when there is no such contact.
 */
export async function readContactWorkflows(
  deps: Deps,
  workspaceId: string,
  contactId: string,
  page: { before?: TimelinePosition; limit: number },
): Promise<ContactWorkflowDecisionOut[]> {
  const events = await readTimeline(deps, workspaceId, contactId, { kind: "internal", names: ["workflow.enrolled", "workflow.not_enrolled"] }, page);
  const decisions = events.map((e) => {
    const properties = fromJson<unknown>(e.properties);
    const common = { eventId: e.id, at: new Date(e.timestamp).toISOString() };
    return e.name === "workflow.enrolled"
      ? { decision: "enrolled" as const, ...common, ...Enrolled.parse(properties) }
      : { decision: "not_enrolled" as const, ...common, ...NotEnrolled.parse(properties) };
  });
  const runIds = decisions.flatMap((d) => (d.decision === "enrolled" ? [d.runId] : []));
  const [runs, names] = await Promise.all([
    selectRunsByIds(deps.db, workspaceId, runIds),
    selectWorkflowNames(deps.db, workspaceId, decisions.map((d) => d.workflowId)),
  ]);
  const runsById = new Map(await Promise.all(runs.map(async (r) => [r.id, await runToApi(deps, r)] as const)));
  return decisions.map((d) => {
    const workflowName = names.get(d.workflowId) ?? null;
    if (d.decision === "not_enrolled") return { ...d, workflowName };
    const { runId, ...rest } = d;
    return { ...rest, workflowName, run: runsById.get(runId) ?? null };
  });
}
