import { isDeepStrictEqual } from "node:util";
import type { Deps } from "../../deps.js";
import type { Trigger } from "../../schemas/workflow/index.js";
import {
  deleteTriggerSchedules,
  fromJson,
  insertTriggerSchedules,
  selectTriggerSchedules,
  toJson,
  updateTriggerSchedule,
  type Db,
  type TriggerScheduleRow,
} from "../../store/index.js";
import { definitionOf } from "../runtime/definitions.js";
import { nextOccurrence } from "./cron.js";

export interface ActiveVersion {
  workspaceId: string;
  workflowId: string;
  /** The version now active, or null when the workflow no longer is (paused, archived). */
  version: number | null;
}

/**
 * Keeps the workflow's time-fired triggers in step with its status, inside the transaction that
 * changes it. Active: each `schedule` trigger gets a row due at its next occurrence, each
 * `date.due` trigger a row due now that backfills its contacts (see schedule-batch.ts); a
 * trigger equal to the one at the same index of the previous version keeps its row and its
 * contacts' due times. Not active: every row goes, with the contacts' due times.
 */
export async function syncTriggerSchedules(deps: Deps, db: Db, w: ActiveVersion): Promise<void> {
  const existing = await selectTriggerSchedules(db, [w.workflowId]);
  if (w.version === null) {
    if (existing.length) await deleteTriggerSchedules(db, w.workflowId);
    return;
  }
  const { triggers } = await definitionOf(db, w.workflowId, w.version);
  const timed = triggers.flatMap((trigger, index) => (trigger.type === "schedule" || trigger.type === "date.due" ? [{ trigger, index }] : []));
  const same = (r: TriggerScheduleRow) => timed.some((t) => t.index === r.trigger_index && isDeepStrictEqual(t.trigger, fromJson<Trigger>(r.trigger)));
  const kept = existing.filter(same);
  await deleteTriggerSchedules(db, w.workflowId, existing.filter((r) => !same(r)).map((r) => r.trigger_index));
  const now = deps.clock.now();
  for (const r of kept) {
    if (r.version !== w.version) await updateTriggerSchedule(db, { workflowId: w.workflowId, triggerIndex: r.trigger_index }, { version: w.version, updated_at: now });
  }
  const fresh = timed.filter((t) => !kept.some((r) => r.trigger_index === t.index));
  await insertTriggerSchedules(
    db,
    fresh.map(({ trigger, index }) => {
      const backfill = trigger.type === "date.due";
      return {
        workflow_id: w.workflowId,
        trigger_index: index,
        workspace_id: w.workspaceId,
        version: w.version!,
        type: trigger.type,
        trigger: toJson(trigger),
        next_at: backfill ? now : nextOccurrence(trigger, now),
        occurrence: backfill ? now : null,
        cursor: null,
        attempts: 0,
        error: null,
        updated_at: now,
      };
    }),
  );
}
