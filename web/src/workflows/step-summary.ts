import type { Rule } from "../../../src/schemas/rule.js";
import type { Trigger } from "../../../src/schemas/workflow/index.js";
import type { Step } from "./handles.js";

type Duration = { amount: number; unit: string };

/** "3 days" (singular for one: "1 day"). */
export function formatDuration(d: Duration): string {
  return `${d.amount} ${Math.abs(d.amount) === 1 ? d.unit.replace(/s$/, "") : d.unit}`;
}

const show = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

/** A rule in a few words: "tag has vip", "lifecycle at_least mql". */
export function summariseRule(rule: Rule): string {
  switch (rule.type) {
    case "all":
    case "any":
      return `${rule.type} of ${rule.rules.length} rules`;
    case "not":
      return `not (${summariseRule(rule.rule)})`;
    case "property":
      return `${rule.property} ${rule.op}${rule.value === undefined ? "" : ` ${show(rule.value)}`}`;
    case "lifecycle":
      return `stage ${rule.op} ${rule.stage}`;
    case "score":
      return `${rule.score ?? "score"} ${rule.op} ${show(rule.value)}`;
    case "tag":
      return `${rule.op === "has" ? "has" : "has not"} tag ${rule.tag}`;
    case "list":
      return `${rule.op === "member" ? "in" : "not in"} list ${rule.listId}`;
    case "segment":
      return `${rule.op === "member" ? "in" : "not in"} segment ${rule.segmentId}`;
    case "event":
      return `${rule.name} count ${rule.count.op} ${rule.count.value}${rule.within ? ` within ${formatDuration(rule.within)}` : ""}`;
    case "engagement":
      return `${rule.action} ${rule.nodeId ?? rule.templateId ?? rule.campaignId}`;
  }
}

/** A trigger in a few words: "event Trial Started", "tag added vip". */
export function summariseTrigger(t: Trigger): string {
  const { type, ...rest } = t as Trigger & Record<string, unknown>;
  const detail = Object.values(rest)
    .filter((v) => v !== undefined && typeof v !== "object")
    .map(show)
    .join(" ");
  return detail ? `${type} · ${detail}` : type;
}

/** What a step does, in one line for its card; `templates` names template ids. */
export function summariseStep(step: Step, templates?: Map<string, string>): string {
  switch (step.type) {
    case "action": {
      const a = step.action as Record<string, unknown>;
      const template = typeof a.templateId === "string" ? (templates?.get(a.templateId) ?? a.templateId) : undefined;
      const detail = a.tag ?? template ?? a.property ?? a.stage ?? a.delta ?? a.url ?? a.listId ?? a.subject ?? a.workflowId ?? "";
      return `${step.action.kind.replace(/_/g, " ")}${detail === "" ? "" : ` · ${show(detail)}`}`;
    }
    case "condition":
      return summariseRule(step.rule);
    case "branch":
      return `${step.branches.length} branch${step.branches.length === 1 ? "" : "es"} + otherwise`;
    case "split":
      return step.variants.map((v) => `${v.name} ${v.weight}`).join(" / ");
    case "delay":
      if (step.wait.kind === "duration") return `wait ${formatDuration(step.wait.duration)}`;
      if (step.wait.kind === "until_time") return `until ${step.wait.time}${step.wait.weekdays ? ` (${step.wait.weekdays.join(", ")})` : ""}`;
      return `until ${step.wait.property}${step.wait.offset ? ` ${step.wait.offset.amount >= 0 ? "+" : ""}${formatDuration(step.wait.offset)}` : ""}`;
    case "wait_for":
      return `${step.for.kind === "event" ? summariseTrigger(step.for.event) : summariseRule(step.for.rule)} · timeout ${formatDuration(step.timeout)}`;
    case "jump":
      return `back to ${step.to ?? "?"} at most ${step.maxTimes}×`;
    case "goal":
      return step.name ?? "conversion";
    case "end":
      return "end of the run";
  }
}
