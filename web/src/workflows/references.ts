import { createContext, useContext, useEffect, useState } from "react";
import type { ListOut } from "../../../src/schemas/list.js";
import type { TemplateOut } from "../../../src/schemas/template.js";
import type { WorkflowSummaryOut } from "../../../src/schemas/workflow-api.js";
import type { WorkspaceOut } from "../../../src/schemas/workspace-api.js";
import type { Page, Request } from "./request.js";

/** An option of a picker: an id and what to show for it. */
export interface Choice {
  id: string;
  name: string;
}

/** What the side panel offers to pick from; each list is null while loading or when it could not be read. */
export interface References {
  templates: TemplateOut[] | null;
  lists: Choice[] | null;
  users: Choice[] | null;
  forms: Choice[] | null;
  workflows: Choice[] | null;
  stages: Choice[] | null;
}

const EMPTY: References = { templates: null, lists: null, users: null, forms: null, workflows: null, stages: null };

export const ReferencesContext = createContext<References>(EMPTY);

export function useReferences(): References {
  return useContext(ReferencesContext);
}

/** Loads the workspace's templates, lists, users, forms, workflows and lifecycle stages once; a failed list stays null (free text instead). */
export function useLoadReferences(request: Request): References {
  const [refs, setRefs] = useState<References>(EMPTY);
  useEffect(() => {
    let live = true;
    const load = <T,>(path: string, key: keyof References, pick: (body: T) => unknown) =>
      request<T>("GET", path)
        .then((body) => live && setRefs((r) => ({ ...r, [key]: pick(body) })))
        .catch(() => undefined);
    void load<Page<TemplateOut>>("/api/v1/templates?limit=500", "templates", (p) => p.data);
    void load<Page<ListOut>>("/api/v1/lists?limit=500", "lists", (p) => p.data.map((l) => ({ id: l.id, name: l.name })));
    void load<Page<{ id: string; email: string; name: string | null }>>("/api/v1/users?limit=500", "users", (p) => p.data.map((u) => ({ id: u.id, name: u.name ? `${u.name} <${u.email}>` : u.email })));
    void load<Page<{ id: string; name: string }>>("/api/v1/forms?limit=500", "forms", (p) => p.data.map((f) => ({ id: f.id, name: f.name })));
    void load<Page<WorkflowSummaryOut>>("/api/v1/workflows?limit=500", "workflows", (p) => p.data.map((w) => ({ id: w.id, name: w.name })));
    void load<WorkspaceOut>("/api/v1/workspace", "stages", (w) => w.settings.lifecycleStages.map((s) => ({ id: s.id, name: s.label })));
    return () => {
      live = false;
    };
  }, [request]);
  return refs;
}

/** The steps on the canvas (id, type), for pickers that name a step: engagement rules, jumps, simulated clicks. */
export const StepsContext = createContext<{ id: string; type: string; label?: string }[]>([]);

export function useSteps(): { id: string; type: string; label?: string }[] {
  return useContext(StepsContext);
}
