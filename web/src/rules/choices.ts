import { createContext, useContext, useEffect, useState } from "react";
import type { ListOut } from "../../../src/schemas/list.js";
import type { PropertyDefinitionList, PropertyDefinitionOut } from "../../../src/schemas/property.js";
import type { SegmentOut } from "../../../src/schemas/segment-api.js";
import type { z } from "zod";
import type { TagCounts as TagCountsSchema } from "../../../src/schemas/tag.js";
import type { TemplateOut } from "../../../src/schemas/template.js";
import type { WorkspaceOut } from "../../../src/schemas/workspace-api.js";
import type { Choice } from "../fields.js";

/**
 * What a rule's conditions offer to pick from; each is null while loading or when it could not be
 * read (a free text input takes the value instead).
 */
export interface RuleChoices {
  /** The property registry: names and recorded types (GET /api/v1/properties). */
  properties: PropertyDefinitionOut[] | null;
  tags: string[] | null;
  lists: Choice[] | null;
  segments: Choice[] | null;
  /** Lifecycle stages in funnel order. */
  stages: Choice[] | null;
  templates: TemplateOut[] | null;
}

/** Where the rule is edited: a workflow adds its steps (engagement with a step's email); a segment has none and leaves itself out. */
export interface RuleScope {
  /** The workflow's action steps, or null outside a workflow (a segment cannot name a step). */
  steps: Choice[] | null;
  /** The segment being edited, which cannot contain itself. */
  selfSegmentId?: string;
}

export const NO_CHOICES: RuleChoices = { properties: null, tags: null, lists: null, segments: null, stages: null, templates: null };

export const RuleChoicesContext = createContext<RuleChoices & RuleScope>({ ...NO_CHOICES, steps: null });

export function useRuleChoices(): RuleChoices & RuleScope {
  return useContext(RuleChoicesContext);
}

/** GETs a path of the API (the shell adds authentication). */
export type Get = <T>(method: "GET", path: string) => Promise<T>;

type TagCounts = z.infer<typeof TagCountsSchema>;

interface Page<T> {
  data: T[];
}

/**
 * Loads what conditions pick from, again whenever `reloadKey` changes (a screen passes its route,
 * so a segment just created is offered at once); a list that fails stays null.
 */
export function useLoadRuleChoices(request: Get, reloadKey = ""): RuleChoices {
  const [choices, setChoices] = useState<RuleChoices>(NO_CHOICES);
  useEffect(() => {
    let live = true;
    const load = <T,>(path: string, key: keyof RuleChoices, pick: (body: T) => unknown) =>
      request<T>("GET", path)
        .then((body) => live && setChoices((c) => ({ ...c, [key]: pick(body) })))
        .catch(() => undefined);
    void load<PropertyDefinitionList>("/api/v1/properties", "properties", (b) => b.data);
    void load<TagCounts>("/api/v1/tags", "tags", (b) => b.data.map((t) => t.tag));
    void load<Page<ListOut>>("/api/v1/lists?limit=500", "lists", (p) => p.data.map((l) => ({ id: l.id, name: l.name })));
    void load<Page<SegmentOut>>("/api/v1/segments?limit=500", "segments", (p) => p.data.map((s) => ({ id: s.id, name: s.name })));
    void load<WorkspaceOut>("/api/v1/workspace", "stages", (w) => w.settings.lifecycleStages.map((s) => ({ id: s.id, name: s.label })));
    void load<Page<TemplateOut>>("/api/v1/templates?limit=500", "templates", (p) => p.data);
    return () => {
      live = false;
    };
  }, [request, reloadKey]);
  return choices;
}
