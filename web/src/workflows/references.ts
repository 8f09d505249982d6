import { createContext, useContext, useEffect, useMemo, useState } from "react";
import type { WorkflowSummaryOut } from "../../../src/schemas/workflow-api.js";
import type { Choice } from "../fields.js";
import { NO_CHOICES, useLoadRuleChoices, type RuleChoices } from "../rules/index.js";
import type { Page, Request } from "./request.js";


/** What the side panel offers to pick from: what rules pick from, and users, forms and workflows; each null while loading or when it could not be read. */
export interface References extends RuleChoices {
  users: Choice[] | null;
  forms: Choice[] | null;
  workflows: Choice[] | null;
}

type Others = Pick<References, "users" | "forms" | "workflows">;
const NO_OTHERS: Others = { users: null, forms: null, workflows: null };

export const ReferencesContext = createContext<References>({ ...NO_CHOICES, ...NO_OTHERS });

export function useReferences(): References {
  return useContext(ReferencesContext);
}

/** Loads the rules' choices and the workspace's users, forms and workflows once; a failed list stays null (free text instead). */
export function useLoadReferences(request: Request): References {
  const ruleChoices = useLoadRuleChoices(request);
  const [others, setOthers] = useState<Others>(NO_OTHERS);
  useEffect(() => {
    let live = true;
    const load = <T,>(path: string, key: keyof Others, pick: (body: T) => Choice[]) =>
      request<T>("GET", path)
        .then((body) => live && setOthers((r) => ({ ...r, [key]: pick(body) })))
        .catch(() => undefined);
    void load<Page<{ id: string; email: string; name: string | null }>>("/api/v1/users?limit=500", "users", (p) => p.data.map((u) => ({ id: u.id, name: u.name ? `${u.name} <${u.email}>` : u.email })));
    void load<Page<{ id: string; name: string }>>("/api/v1/forms?limit=500", "forms", (p) => p.data.map((f) => ({ id: f.id, name: f.name })));
    void load<Page<WorkflowSummaryOut>>("/api/v1/workflows?limit=500", "workflows", (p) => p.data.map((w) => ({ id: w.id, name: w.name })));
    return () => {
      live = false;
    };
  }, [request]);
  return useMemo(() => ({ ...ruleChoices, ...others }), [ruleChoices, others]);
}

/** The steps on the canvas (id, type), for pickers that name a step: engagement rules, jumps, simulated clicks. */
export const StepsContext = createContext<{ id: string; type: string; label?: string }[]>([]);

export function useSteps(): { id: string; type: string; label?: string }[] {
  return useContext(StepsContext);
}
