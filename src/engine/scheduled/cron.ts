import { CronExpressionParser } from "cron-parser";
import type { Trigger } from "../../schemas/workflow/index.js";

export type ScheduleTrigger = Extract<Trigger, { type: "schedule" }>;

/** The schedule's first occurrence strictly after `after` (epoch ms), on the wall clock of its time zone. */
export function nextOccurrence(trigger: Pick<ScheduleTrigger, "cron" | "timezone">, after: number): number {
  return CronExpressionParser.parse(trigger.cron, { currentDate: new Date(after), tz: trigger.timezone }).next().getTime();
}
