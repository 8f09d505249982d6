import { CronExpressionParser } from "cron-parser";
import { isTimeZone } from "../../contacts/index.js";
import type { Rule } from "../../schemas/rule.js";
import { type Place, type WorkflowProblem, problemAt } from "./problem.js";
import type { Sites } from "./sites.js";

/** Values the schema cannot judge alone: time zones, cron expressions, score comparisons, what a wait-for may wait for. */
export function checkValues(sites: Sites): WorkflowProblem[] {
  return [
    ...sites.delays.flatMap((s) => (s.wait.kind === "until_time" && s.wait.timezone !== undefined ? timeZoneProblems(s.wait.timezone, s, "timezone") : [])),
    ...sites.triggers.flatMap((s) => (s.trigger.type === "schedule" ? [...timeZoneProblems(s.trigger.timezone, s, "timezone"), ...cronProblems(s.trigger.cron, s)] : [])),
    ...sites.rules.flatMap((s) => (s.rule.type === "score" ? scoreProblems(s.rule, s) : [])),
    ...sites.triggers.flatMap((s) => (s.nodeIndex !== undefined && NOT_AWAITABLE.has(s.trigger.type) ? [notAwaitable(s.trigger.type, s)] : [])),
  ];
}

/** Triggers that start runs but never happen to a contact already in one, so a wait-for cannot wait for them. */
const NOT_AWAITABLE = new Set(["contact.created", "date.due", "schedule", "api"]);

function notAwaitable(type: string, place: Place): WorkflowProblem {
  return problemAt(place, "type", `${place.where} waits for "${type}", which only starts runs: it never happens to a contact already in one`);
}

function timeZoneProblems(zone: string, place: Place, key: string): WorkflowProblem[] {
  if (isTimeZone(zone)) return [];
  return [problemAt(place, key, `unknown time zone "${zone}" in ${place.where} (use an IANA name such as Europe/Paris)`)];
}

/** Schedules are standard 5-field cron expressions (minute hour day-of-month month day-of-week). */
function cronProblems(cron: string, place: Place): WorkflowProblem[] {
  const fields = cron.trim().split(/\s+/);
  const bad = (why: string) => [problemAt(place, "cron", `the schedule "${cron}" in ${place.where} is not a valid cron expression: ${why}`)];
  if (fields.length !== 5) return bad(`it needs 5 fields (minute hour day-of-month month day-of-week), it has ${fields.length}`);
  try {
    CronExpressionParser.parse(cron);
    return [];
  } catch (error) {
    return bad(error instanceof Error ? error.message : String(error));
  }
}

function scoreProblems(rule: Extract<Rule, { type: "score" }>, place: Place): WorkflowProblem[] {
  const range = Array.isArray(rule.value);
  if (rule.op === "between" && !range) return [problemAt(place, "value", `"between" in ${place.where} needs two bounds, [low, high]`)];
  if (rule.op !== "between" && range) return [problemAt(place, "value", `"${rule.op}" in ${place.where} compares the score with one number, not a pair`)];
  if (Array.isArray(rule.value) && rule.value[0] > rule.value[1]) {
    return [problemAt(place, "value", `the score range in ${place.where} runs from ${rule.value[0]} down to ${rule.value[1]}: put the low bound first`)];
  }
  return [];
}
