import { type Place, type WorkflowProblem, problemAt } from "./problem.js";
import type { Sites } from "./sites.js";

/** Lifecycle stages named by rules, `set_lifecycle_stage` steps and `lifecycle.changed` triggers must exist. */
export function checkLifecycleStages(sites: Sites, stages: string[]): WorkflowProblem[] {
  const named: { place: Place; key: string; stage: string }[] = [
    ...sites.rules.flatMap((s) => (s.rule.type === "lifecycle" ? [{ place: s, key: "stage", stage: s.rule.stage }] : [])),
    ...sites.actions.flatMap((s) => (s.action.kind === "set_lifecycle_stage" ? [{ place: s, key: "stage", stage: s.action.stage }] : [])),
    ...sites.triggers.flatMap((s) => {
      const t = s.trigger;
      if (t.type !== "lifecycle.changed") return [];
      return (["from", "to"] as const).flatMap((key) => (t[key] === undefined ? [] : [{ place: s, key, stage: t[key] }]));
    }),
  ];
  const known = new Set(stages);
  return named
    .filter((n) => !known.has(n.stage))
    .map((n) => problemAt(n.place, n.key, `unknown lifecycle stage "${n.stage}" in ${n.place.where} (the stages are: ${stages.join(", ")})`));
}
