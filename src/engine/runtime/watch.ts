import { z } from "zod";
import { Trigger } from "../../schemas/workflow/index.js";
import { fromJson } from "../../store/index.js";

/** What a run watches for in its contact's changes (stored in run_watches.spec). */
export const WatchSpec = z.discriminatedUnion("kind", [
  /**
   * An event like those that trigger workflows (a wait-for step on an event); with `runId`, only
   * an event about that run (an email a step of this run sent was opened or clicked).
   */
  z.strictObject({ kind: z.literal("event"), trigger: Trigger, runId: z.string().optional() }),
  /** Any change of the contact: a rule over it may now hold (a wait-for condition, goal, exit). */
  z.strictObject({ kind: z.literal("change") }),
]);
export type WatchSpec = z.infer<typeof WatchSpec>;

/** The event that woke a run, as stored. */
export const WakeEvent = z.strictObject({
  id: z.string(),
  kind: z.string(),
  name: z.string().nullable(),
  properties: z.record(z.string(), z.unknown()),
  timestamp: z.number(),
});
export type WakeEvent = z.infer<typeof WakeEvent>;

/** Why a run was woken (stored in run_wakeups.reason). */
export const WakeReason = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("event"), event: WakeEvent }),
  z.strictObject({ kind: z.literal("change") }),
]);
export type WakeReason = z.infer<typeof WakeReason>;

/** A wake-up as a step sees it: which of the run's watches matched, and why. */
export interface Wake {
  watch: "wait" | "criteria";
  reason: WakeReason;
}

export function parseWatchSpec(stored: unknown): WatchSpec {
  return WatchSpec.parse(fromJson(stored));
}

export function parseWakeReason(stored: unknown): WakeReason {
  return WakeReason.parse(fromJson(stored));
}
