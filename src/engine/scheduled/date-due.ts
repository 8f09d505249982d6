import { toTyped } from "../../rules/index.js";
import type { Trigger } from "../../schemas/workflow/index.js";
import type { ScheduledEnrolmentRow } from "../../store/index.js";
import { dateDue, usableZone } from "../steps/wall-clock.js";

export type DateDueTrigger = Extract<Trigger, { type: "date.due" }>;

/** What a date.due instant is computed from. */
export interface ContactDates {
  properties: Record<string, unknown>;
  timezone: string | null;
}

export interface DueInstant {
  /** The property value as stored, kept with the row to tell a changed date from a moved zone. */
  value: string;
  /** Epoch ms. */
  dueAt: number;
}

/**
 * When the contact falls due for the trigger: its date property moved by `offset`, at `at` on
 * that day in the contact's time zone (UTC when it has none), computed as the delay step's
 * `until_date` computes it. Undefined when the property is unset or not a date.
 */
export function dateDueInstant(trigger: DateDueTrigger, contact: ContactDates): DueInstant | undefined {
  const raw = Object.hasOwn(contact.properties, trigger.property) ? contact.properties[trigger.property] : undefined;
  const at = raw === undefined || raw === null ? undefined : toTyped("date", raw);
  if (typeof at !== "number") return undefined;
  return { value: typeof raw === "string" ? raw : JSON.stringify(raw), dueAt: dateDue(at, trigger.offset, trigger.at, usableZone(contact.timezone)) };
}

export type DueChange = { kind: "keep" } | { kind: "delete" } | { kind: "write"; value: string; dueAt: number };

/**
 * What to do with a contact's row for a trigger after its date or zone may have changed. An
 * instant not after `cutoff` is never scheduled (a date already past does not fire). A row that
 * fired for the same value stays fired: moving to another zone does not fire the same date again.
 */
export function planDateDue(trigger: DateDueTrigger, contact: ContactDates, row: Pick<ScheduledEnrolmentRow, "value" | "due_at"> | undefined, cutoff: number): DueChange {
  const due = dateDueInstant(trigger, contact);
  if (row && due && row.value === due.value && (row.due_at === null || row.due_at === due.dueAt)) return { kind: "keep" };
  if (!due || due.dueAt <= cutoff) return row ? { kind: "delete" } : { kind: "keep" };
  return { kind: "write", value: due.value, dueAt: due.dueAt };
}
