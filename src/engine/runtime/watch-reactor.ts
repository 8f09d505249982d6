import type { Deps, EventReactor } from "../../deps.js";
import { fromJson, insertWakeups, selectWatchesOfContacts, toJson, type NewEventRow, type RunWakeupRow } from "../../store/index.js";
import { matchesTrigger } from "../triggers/index.js";
import { parseWatchSpec, type WakeReason } from "./watch.js";

/**
 * Wakes the runs that watch the contacts a unit of work changed, in the transaction that stores
 * the events: a wait-for step whose event came, and runs whose wait-for condition, goal or exit
 * may now hold (any change of the contact). One indexed read of the contacts' watches per unit
 * of work; at most one wake-up per watch. `onWakeups` runs once they are written.
 */
export function createWatchReactor(deps: Deps, onWakeups: () => void): EventReactor {
  return {
    async react(db, workspaceId, events) {
      const byContact = new Map<string, NewEventRow[]>();
      for (const e of events) byContact.set(e.contact_id, [...(byContact.get(e.contact_id) ?? []), e]);
      const watches = await selectWatchesOfContacts(db, [...byContact.keys()]);
      if (!watches.length) return;
      const now = deps.clock.now();
      const wakeups: RunWakeupRow[] = [];
      for (const watch of watches) {
        const reason = wakeReason(parseWatchSpec(watch.spec), byContact.get(watch.contact_id) ?? [], now);
        if (!reason) continue;
        wakeups.push({
          id: deps.ids(),
          run_id: watch.run_id,
          workspace_id: workspaceId,
          watch_kind: watch.kind,
          watch_id: watch.id,
          reason: toJson(reason),
          due_at: now,
          lease_until: null,
          attempts: 0,
        });
      }
      if (!wakeups.length) return;
      await insertWakeups(db, deps.dialect, wakeups);
      onWakeups();
    },
  };
}

function wakeReason(spec: ReturnType<typeof parseWatchSpec>, events: NewEventRow[], now: number): WakeReason | undefined {
  if (spec.kind === "change") return events.length ? { kind: "change" } : undefined;
  for (const e of events) {
    const event = { id: e.id, kind: e.kind, name: e.name ?? null, properties: fromJson<Record<string, unknown>>(e.properties) ?? {}, timestamp: e.timestamp };
    if ((spec.runId === undefined || event.properties.runId === spec.runId) && matchesTrigger(spec.trigger, event, now)) return { kind: "event", event };
  }
  return undefined;
}
