import type { EventReactor } from "../deps.js";
import { LifecycleChangedPayload } from "../schemas/lifecycle.js";
import { fromJson, insertLifecycleChanges, toJson, type Dialect } from "../store/index.js";

/**
 * Records each `lifecycle.changed` event in `lifecycle_changes`, in the transaction that stores
 * the event, so the stage history (and the funnel built on it) never misses or invents a change.
 * The row takes the event's id: recording the same event twice keeps one row.
 */
export function createLifecycleHistoryReactor(dialect: Dialect): EventReactor {
  return {
    async react(db, workspaceId, events) {
      const rows = events
        .filter((e) => e.kind === "internal" && e.name === "lifecycle.changed")
        .map((e) => {
          const p = LifecycleChangedPayload.parse(fromJson(e.properties));
          return {
            id: e.id,
            workspace_id: workspaceId,
            contact_id: e.contact_id,
            from_stage: p.from,
            to_stage: p.to,
            cause_kind: p.cause,
            cause_detail: p.causeDetail ? toJson(p.causeDetail) : null,
            changed_at: e.timestamp,
          };
        });
      await insertLifecycleChanges(db, dialect, rows);
    },
  };
}
