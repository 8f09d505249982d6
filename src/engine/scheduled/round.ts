import type { Deps } from "../../deps.js";
import { insertEnrolmentRequests, selectTriggerSchedules, takeDueScheduledEnrolments, fromJson, toJson, type EnrolmentRequestRow } from "../../store/index.js";
import { workDueSchedule } from "./schedule-batch.js";

/**
 * The engine round's share of time-fired triggers: due date.due enrolments become enrolment
 * requests (up to `limit`), then a few batches of due schedules run. Returns how much was done (0 when
 * nothing was due). The requests are answered by the same round, with the entry rules.
 */
export async function runScheduledTriggers(deps: Deps, limit: number): Promise<number> {
  const dates = await fireDueDates(deps, limit);
  let batches = 0;
  // A few batches per round, so that a large audience's requests are answered as they come
  // rather than all written first, and timers keep running meanwhile.
  while (batches < SCHEDULE_BATCHES_PER_ROUND && (await workDueSchedule(deps))) batches++;
  return dates + batches;
}

const SCHEDULE_BATCHES_PER_ROUND = 4;

/**
 * Turns up to `limit` due date.due rows into enrolment requests in one transaction, which marks
 * the rows fired: each due date is requested exactly once, whatever crashes.
 */
async function fireDueDates(deps: Deps, limit: number): Promise<number> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const due = await takeDueScheduledEnrolments(trx, deps.dialect, now, limit);
    if (!due.length) return 0;
    const schedules = await selectTriggerSchedules(trx, [...new Set(due.map((d) => d.workflow_id))]);
    const triggers = new Map(schedules.map((s) => [`${s.workflow_id}:${s.trigger_index}`, fromJson<Record<string, unknown>>(s.trigger)]));
    const requests: EnrolmentRequestRow[] = due.flatMap((d) => {
      const trigger = triggers.get(`${d.workflow_id}:${d.trigger_index}`);
      if (!trigger) return [];
      const recorded = { ...trigger, triggerIndex: d.trigger_index, value: d.value, dueAt: new Date(d.due_at!).toISOString() };
      return [{ id: deps.ids(), workspace_id: d.workspace_id, workflow_id: d.workflow_id, contact_id: d.contact_id, trigger: toJson(recorded), due_at: now, lease_until: null, attempts: 0 }];
    });
    await insertEnrolmentRequests(trx, deps.dialect, requests);
    return due.length;
  });
}
