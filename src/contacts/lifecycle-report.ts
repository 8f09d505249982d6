import { NotFoundError } from "../core/index.js";
import type { Deps } from "../deps.js";
import type { FunnelReportOut, LifecycleChangeOut, LifecycleCauseDetail } from "../schemas/lifecycle.js";
import {
  countContactsInStages,
  fromJson,
  selectLifecycleChanges,
  selectStageDurations,
  selectStageFlows,
  selectWorkspace,
  type FunnelWindow,
  type LifecycleChangeRow,
  type LifecyclePosition,
} from "../store/index.js";
import { readContact } from "./read.js";

export function lifecycleChangeToApi(row: LifecycleChangeRow): LifecycleChangeOut {
  return {
    id: row.id,
    from: row.from_stage,
    to: row.to_stage,
    cause: { kind: row.cause_kind, detail: row.cause_detail === null ? null : fromJson<LifecycleCauseDetail>(row.cause_detail) },
    changedAt: new Date(row.changed_at).toISOString(),
  };
}

/** A page of the contact's stage changes, newest first; NotFoundError when there is no such contact. */
export async function readLifecycleHistory(
  deps: Deps,
  workspaceId: string,
  contactId: string,
  page: { before?: LifecyclePosition; limit: number },
): Promise<LifecycleChangeRow[]> {
  await readContact(deps, workspaceId, { id: contactId });
  return selectLifecycleChanges(deps.db, workspaceId, contactId, page);
}

/**
 * The funnel over the workspace's stages, in order: who is at each stage now, who entered it in
 * the period, how many of them went on (by the end of the period), and how long stays lasted.
 */
export async function funnelReport(deps: Deps, workspaceId: string, window: FunnelWindow): Promise<FunnelReportOut> {
  const workspace = await selectWorkspace(deps.db, workspaceId);
  if (!workspace) throw new NotFoundError(`no workspace ${workspaceId}`);
  const stages = workspace.settings.lifecycleStages;
  const ids = stages.map((s) => s.id);
  const [current, flows, durations] = await Promise.all([
    countContactsInStages(deps.db, workspaceId, ids),
    selectStageFlows(deps.db, workspaceId, ids, window),
    selectStageDurations(deps.db, workspaceId, ids, window),
  ]);
  const flowOf = new Map(flows.map((f) => [f.stage, f]));
  const timeOf = new Map(durations.map((d) => [d.stage, d]));
  const rate = (n: number, of: number) => (of === 0 ? null : n / of);
  return {
    from: new Date(window.from).toISOString(),
    to: new Date(window.to).toISOString(),
    stages: stages.map(({ id, label }) => {
      const f = flowOf.get(id) ?? { entered: 0, reachedNext: 0, reachedLater: 0, stillInStage: 0 };
      const t = timeOf.get(id);
      return {
        stage: id,
        label,
        current: current.get(id) ?? 0,
        entered: f.entered,
        reachedNext: f.reachedNext,
        reachedLater: f.reachedLater,
        conversion: { next: rate(f.reachedNext, f.entered), later: rate(f.reachedLater, f.entered) },
        timeInStage: { completedStays: t?.stays ?? 0, stillInStage: f.stillInStage, medianMs: t?.medianMs ?? null, averageMs: t?.averageMs ?? null },
      };
    }),
  };
}
