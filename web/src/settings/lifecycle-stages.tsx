import { useCallback, useEffect, useId, useState, type FormEvent } from "react";
import type { LifecyclePreset } from "../../../src/schemas/lifecycle.js";
import type { LifecycleStage } from "../../../src/schemas/workspace.js";
import type { WorkspaceOut } from "../../../src/schemas/workspace-api.js";
import { problemAt, problemsOf, ResourceStatus, TextField, useResource, type Problems } from "../kit/index.js";
import type { SectionProps } from "./sections.js";

/**
 * The ordered funnel stages (lifecycle), earliest first: rename, reorder, add, remove (a stage
 * contacts are still at cannot be removed), or adopt a preset. Changing them needs an admin.
 */
export function LifecycleStages({ api, canWrite, onSessionEnded }: SectionProps) {
  const load = useCallback(async () => {
    const [ws, presets] = await Promise.all([api.get<WorkspaceOut>("/api/v1/workspace"), api.get<{ data: LifecyclePreset[] }>("/api/v1/lifecycle-presets")]);
    return { stages: ws.settings.lifecycleStages, presets: presets.data };
  }, [api]);
  const [resource, reload] = useResource(load, onSessionEnded);
  const [stages, setStages] = useState<LifecycleStage[]>([]);
  const [problems, setProblems] = useState<Problems | null>(null);
  const [status, setStatus] = useState("");
  useEffect(() => {
    if (resource.state === "ready") setStages(resource.data.stages);
  }, [resource]);

  async function put(body: { lifecycleStages: LifecycleStage[] } | { preset: string }, done: string) {
    setProblems(null);
    setStatus("");
    try {
      await api.request<WorkspaceOut>("PUT", "/api/v1/workspace/lifecycle-stages", body);
      // Read again, so that what is saved (and the Save button's state) follows the server.
      reload();
      setStatus(done);
    } catch (err) {
      setProblems(problemsOf(err));
    }
  }

  if (resource.state !== "ready") return <ResourceStatus resource={resource} what="the funnel stages" onRetry={reload} />;
  const saved = resource.data.stages;
  const changed = JSON.stringify(saved) !== JSON.stringify(stages);
  const move = (i: number, by: number) => {
    const next = [...stages];
    const [s] = next.splice(i, 1);
    next.splice(i + by, 0, s!);
    setStages(next);
  };
  return (
    <>
      <p>
        Contacts move through these stages, earliest first. Rules compare with them in order (“at least MQL”), scores can promote contacts to them,
        and the dashboard's funnel counts them.{!canWrite && " Changing them needs the admin role."}
      </p>
      {problems && (
        <p role="alert" className="error">
          {problems.message}
        </p>
      )}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Id</th>
            <th scope="col">Label</th>
            {canWrite && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {stages.map((s, i) => (
            <tr key={s.id}>
              <td>{i + 1}</td>
              <td>
                <code>{s.id}</code>
              </td>
              <td>
                {canWrite ? (
                  <input aria-label={`Label of stage ${s.id}`} value={s.label} onChange={(e) => setStages(stages.map((x) => (x.id === s.id ? { ...x, label: e.target.value } : x)))} />
                ) : (
                  s.label
                )}
              </td>
              {canWrite && (
                <td className="cell-actions">
                  <button type="button" className="secondary" aria-label={`Move ${s.id} earlier`} disabled={i === 0} onClick={() => move(i, -1)}>
                    ↑
                  </button>
                  <button type="button" className="secondary" aria-label={`Move ${s.id} later`} disabled={i === stages.length - 1} onClick={() => move(i, 1)}>
                    ↓
                  </button>
                  <button type="button" className="secondary" aria-label={`Remove stage ${s.id}`} disabled={stages.length === 1} onClick={() => setStages(stages.filter((x) => x.id !== s.id))}>
                    Remove
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {canWrite && (
        <>
          <div className="actions">
            <button type="button" disabled={!changed} onClick={() => void put({ lifecycleStages: stages }, "The stages are saved.")}>
              Save the stages
            </button>
            {changed && (
              <button type="button" className="secondary" onClick={() => setStages(saved)}>
                Undo changes
              </button>
            )}
            <span role="status" className="muted">
              {status}
            </span>
          </div>
          <AddStage existing={stages} problems={problems} onAdd={(s) => setStages([...stages, s])} />
          <AdoptPreset presets={resource.data.presets} onAdopt={(preset) => void put({ preset }, "The preset's stages are in place.")} />
        </>
      )}
    </>
  );
}

function AddStage({ existing, problems, onAdd }: { existing: LifecycleStage[]; problems: Problems | null; onAdd: (stage: LifecycleStage) => void }) {
  const [id, setId] = useState("");
  const [label, setLabel] = useState("");
  const [problem, setProblem] = useState<string | undefined>();
  function add(e: FormEvent) {
    e.preventDefault();
    const stageId = id.trim();
    if (!/^[a-z][a-z0-9_]{0,39}$/.test(stageId)) return setProblem("Lowercase letters, digits and _, starting with a letter.");
    if (existing.some((s) => s.id === stageId)) return setProblem("Another stage has this id.");
    setProblem(undefined);
    onAdd({ id: stageId, label: label.trim() || stageId });
    setId("");
    setLabel("");
  }
  return (
    <form className="add-form" onSubmit={add} aria-labelledby="add-stage-title">
      <h3 id="add-stage-title">Add a stage</h3>
      <p className="kit-hint">It goes last; move it where it belongs, then save the stages.</p>
      <div className="grid-3">
        <TextField label="Stage id" placeholder="trial" value={id} onChange={setId} problem={problem ?? problemAt(problems, "lifecycleStages")} />
        <TextField label="Stage label" placeholder="Trial user" value={label} onChange={setLabel} />
      </div>
      <button type="submit" className="secondary">
        Add the stage
      </button>
    </form>
  );
}

function AdoptPreset({ presets, onAdopt }: { presets: LifecyclePreset[]; onAdopt: (preset: string) => void }) {
  const id = useId();
  const [preset, setPreset] = useState(presets[0]?.id ?? "");
  return (
    <div className="add-form">
      <h3>Start from a preset</h3>
      <div className="kit-field">
        <label htmlFor={id}>Preset</label>
        <select id={id} value={preset} onChange={(e) => setPreset(e.target.value)}>
          {presets.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}: {p.stages.map((s) => s.label).join(" → ")}
            </option>
          ))}
        </select>
        <span className="kit-hint">Replaces every stage at once; refused while contacts are at a stage it leaves out.</span>
      </div>
      <button type="button" className="secondary" onClick={() => onAdopt(preset)}>
        Use this preset
      </button>
    </div>
  );
}
