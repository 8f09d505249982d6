import { useEffect, useState } from "react";
import type { ListOut } from "../../../src/schemas/list.js";
import type { WorkspaceOut } from "../../../src/schemas/workspace-api.js";
import type { Api, Page } from "../api.js";
import type { ContactQuery } from "./contact-query.js";

interface Option {
  value: string;
  label: string;
}

interface Options {
  tags: Option[];
  lists: Option[];
  stages: Option[];
  segments: Option[];
  /** The sources that could not be read: their filter is left out. */
  failed: string[];
}

/** The tags, lists, stages and segments to filter by, each read once; a source that fails only hides its filter. */
function useFilterOptions(api: Api): Options | null {
  const [options, setOptions] = useState<Options | null>(null);
  useEffect(() => {
    let live = true;
    const sources = [
      api.get<{ data: { tag: string; count: number }[] }>("/api/v1/tags").then((r) => r.data.map((t) => ({ value: t.tag, label: `${t.tag} (${t.count})` }))),
      api.get<Page<ListOut>>("/api/v1/lists?limit=500").then((r) => r.data.map((l) => ({ value: l.id, label: `${l.name} (${l.memberCount})` }))),
      api.get<WorkspaceOut>("/api/v1/workspace").then((w) => w.settings.lifecycleStages.map((s) => ({ value: s.id, label: s.label }))),
      api.get<Page<{ id: string; name: string; memberCount: number }>>("/api/v1/segments?limit=500").then((r) => r.data.map((s) => ({ value: s.id, label: `${s.name} (${s.memberCount})` }))),
    ];
    void Promise.allSettled(sources).then((results) => {
      if (!live) return;
      const [tags, lists, stages, segments] = results.map((r) => (r.status === "fulfilled" ? r.value : null));
      const names = ["tags", "lists", "lifecycle stages", "segments"];
      setOptions({ tags: tags ?? [], lists: lists ?? [], stages: stages ?? [], segments: segments ?? [], failed: names.filter((_, i) => results[i]!.status === "rejected") });
    });
    return () => {
      live = false;
    };
  }, [api]);
  return options;
}

type FilterKey = "tag" | "listId" | "lifecycleStage" | "segmentId";

/** Filter selects for the contact list; choosing one applies it at once. */
export function ContactFilters({ api, query, onChange }: { api: Api; query: ContactQuery; onChange: (change: Partial<ContactQuery>) => void }) {
  const options = useFilterOptions(api);
  if (!options) return <p className="muted filters">Loading filters…</p>;
  const filters: { key: FilterKey; label: string; any: string; options: Option[] }[] = [
    { key: "tag", label: "Tag", any: "Any tag", options: options.tags },
    { key: "listId", label: "List", any: "Any list", options: options.lists },
    { key: "lifecycleStage", label: "Lifecycle stage", any: "Any stage", options: options.stages },
    { key: "segmentId", label: "Segment", any: "Any segment", options: options.segments },
  ];
  return (
    <div className="filters" role="group" aria-label="Filters">
      {filters.map((f) => (
        <div key={f.key} className="filter">
          <label htmlFor={`filter-${f.key}`}>{f.label}</label>
          <select id={`filter-${f.key}`} value={query[f.key]} onChange={(e) => onChange({ [f.key]: e.target.value })}>
            <option value="">{f.any}</option>
            {f.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      ))}
      {options.failed.length > 0 && <p className="muted">Could not load the {options.failed.join(", ")} to filter by.</p>}
    </div>
  );
}
