import type { Deps, EventReactor } from "../../deps.js";
import {
  deleteScheduledEnrolments,
  fromJson,
  selectContactsByKeys,
  selectDateDueTriggers,
  selectScheduledEnrolments,
  upsertScheduledEnrolments,
  type NewEventRow,
  type ScheduledEnrolmentKey,
  type ScheduledEnrolmentRow,
} from "../../store/index.js";
import { planDateDue, type DateDueTrigger } from "./date-due.js";

/**
 * Keeps contacts' date.due instants current, inside the transaction that changes them: a
 * contact created with, or changing, a property some active date.due trigger watches, or moving
 * to another time zone, has its rows recomputed from its stored state (written earlier in the
 * same transaction). Units of work that change none of these cost nothing more.
 */
export function createDateDueReactor(deps: Deps): EventReactor {
  return {
    async react(db, workspaceId, events) {
      const candidates = events.filter(mayMoveADate);
      if (!candidates.length) return;
      const triggers = (await selectDateDueTriggers(db, workspaceId)).map((t) => ({ ...t, trigger: fromJson<DateDueTrigger>(t.trigger) }));
      if (!triggers.length) return;
      const watched = new Set(triggers.map((t) => t.trigger.property));
      const ids = [...new Set(candidates.filter((e) => touches(e, watched)).map((e) => e.contact_id))];
      if (!ids.length) return;
      const contacts = await selectContactsByKeys(db, deps.dialect, workspaceId, { ids }, false);
      const rows = new Map((await selectScheduledEnrolments(db, ids)).map((r) => [rowKey(r), r]));
      const now = deps.clock.now();
      const writes: ScheduledEnrolmentRow[] = [];
      const deletes: ScheduledEnrolmentKey[] = [];
      for (const c of contacts) {
        const dates = { properties: fromJson<Record<string, unknown>>(c.properties) ?? {}, timezone: c.timezone };
        for (const t of triggers) {
          const k = { workflow_id: t.workflow_id, trigger_index: t.trigger_index, contact_id: c.id };
          const change = planDateDue(t.trigger, dates, rows.get(rowKey(k)), now);
          if (change.kind === "write") writes.push({ ...k, workspace_id: workspaceId, value: change.value, due_at: change.dueAt });
          else if (change.kind === "delete") deletes.push(k);
        }
      }
      await deleteScheduledEnrolments(db, deletes);
      await upsertScheduledEnrolments(db, deps.dialect, writes);
    },
  };
}

const rowKey = (k: ScheduledEnrolmentKey) => `${k.workflow_id}:${k.trigger_index}:${k.contact_id}`;

function mayMoveADate(e: NewEventRow): boolean {
  return e.kind === "internal" && (e.name === "property.changed" || e.name === "contact.created" || e.name === "timezone.changed");
}

function touches(e: NewEventRow, watched: Set<string>): boolean {
  if (e.name === "timezone.changed") return true;
  const p = fromJson<Record<string, unknown>>(e.properties) ?? {};
  if (e.name === "property.changed") return typeof p.property === "string" && watched.has(p.property);
  const initial = (p.properties ?? {}) as Record<string, unknown>;
  return [...watched].some((name) => Object.hasOwn(initial, name));
}
