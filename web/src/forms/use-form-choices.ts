import { useEffect, useState } from "react";
import type { TopicOut } from "../../../src/schemas/consent.js";
import type { PropertyDefinitionList } from "../../../src/schemas/property.js";
import type { TemplateOut } from "../../../src/schemas/template.js";
import type { Api, Page } from "../api.js";

/** What the editor offers to pick from: the workspace's topics, known contact properties and email templates. */
export interface FormChoices {
  /** null while loading or when they could not be read. */
  topics: TopicOut[] | null;
  /** Names of known contact properties (suggestions: any new name works too). */
  properties: string[];
  emailTemplates: { id: string; name: string }[];
  /** Why some choices are missing, if any could not be read. */
  problem: string | null;
}

export function useFormChoices(api: Api): FormChoices {
  const [choices, setChoices] = useState<FormChoices>({ topics: null, properties: [], emailTemplates: [], problem: null });
  useEffect(() => {
    let live = true;
    void Promise.allSettled([
      api.get<{ data: TopicOut[] }>("/api/v1/topics"),
      api.get<PropertyDefinitionList>("/api/v1/properties"),
      api.get<Page<TemplateOut>>("/api/v1/templates?channel=email&limit=200"),
    ]).then(([topics, properties, templates]) => {
      if (!live) return;
      const failed = [topics, properties, templates].find((r) => r.status === "rejected");
      setChoices({
        topics: topics.status === "fulfilled" ? topics.value.data : null,
        properties: properties.status === "fulfilled" ? properties.value.data.map((p) => p.name) : [],
        emailTemplates: templates.status === "fulfilled" ? templates.value.data.map((t) => ({ id: t.id, name: t.name })) : [],
        problem: failed ? String((failed.reason as Error).message) : null,
      });
    });
    return () => {
      live = false;
    };
  }, [api]);
  return choices;
}
