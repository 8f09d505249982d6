import { NonRetriableError } from "../../core/index.js";
import { selectList, selectListMemberIdsAfter, selectSegment, selectSegmentMemberIdsAfter, type Db, type Dialect } from "../../store/index.js";
import type { ScheduleTrigger } from "./cron.js";

/**
 * One page of a schedule's audience: up to `limit` contact ids after `afterId`, in id order, so
 * that a cursor can resume where a crash stopped. An audience deleted since the workflow was
 * published is an error on the schedule, not an occurrence that silently reaches nobody.
 */
export async function audiencePage(db: Db, dialect: Dialect, workspaceId: string, trigger: ScheduleTrigger, afterId: string | null, limit: number): Promise<string[]> {
  if (trigger.listId !== undefined) {
    if (afterId === null && !(await selectList(db, dialect, workspaceId, trigger.listId))) throw gone("list", trigger.listId);
    return selectListMemberIdsAfter(db, trigger.listId, afterId, limit);
  }
  const segmentId = trigger.segmentId!;
  if (afterId === null && !(await selectSegment(db, dialect, workspaceId, segmentId))) throw gone("segment", segmentId);
  return selectSegmentMemberIdsAfter(db, segmentId, afterId, limit);
}

function gone(kind: "list" | "segment", id: string): NonRetriableError {
  return new NonRetriableError(`the ${kind} ${JSON.stringify(id)} this schedule sends to no longer exists`);
}
