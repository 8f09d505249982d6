import { selectListMemberIdsAfter, selectSegmentMemberIdsAfter, type Db } from "../../store/index.js";
import type { ScheduleTrigger } from "./cron.js";

/**
 * One page of a schedule's audience: up to `limit` contact ids after `afterId`, in id order, so
 * that a cursor can resume where a crash stopped.
 */
export async function audiencePage(db: Db, trigger: ScheduleTrigger, afterId: string | null, limit: number): Promise<string[]> {
  if (trigger.listId !== undefined) return selectListMemberIdsAfter(db, trigger.listId, afterId, limit);
  return selectSegmentMemberIdsAfter(db, trigger.segmentId!, afterId, limit);
}
