import { useId, useState, type FormEvent } from "react";
import type { SimulatedContact, SimulationResult } from "../../../src/schemas/simulation.js";
import { WorkflowDefinition } from "../../../src/schemas/workflow/index.js";
import { formatDuration } from "./step-summary.js";
import { ChoiceField, SelectField, TextArea, TextField, type Unit } from "../fields.js";
import { messageOf } from "./problems.js";
import { useReferences, useSteps } from "./references.js";
import { workflowPath, type Request } from "./request.js";
import { describeStep, timelineOf, type DraftEntry } from "./simulation.js";

type EntryType = DraftEntry["type"];
const ENTRY_TYPES: readonly (readonly [EntryType, string])[] = [
  ["track", "Tracks an event"],
  ["email.opened", "Opens the email of a step"],
  ["email.clicked", "Clicks in the email of a step"],
  ["tag.added", "Gets a tag"],
  ["identify", "Has properties set"],
  ["lifecycle.changed", "Changes lifecycle stage"],
];
const UNITS: readonly (readonly [Unit, string])[] = [
  ["minutes", "minutes"],
  ["hours", "hours"],
  ["days", "days"],
  ["weeks", "weeks"],
  ["months", "months"],
];

let nextKey = 1;
const newEntry = (): DraftEntry => ({ key: nextKey++, amount: 1, unit: "days", type: "track", name: "", nodeId: "", properties: "" });

/**
 * Runs the document on the canvas for one contact (made up, or an existing one) on a virtual
 * timeline, through POST /api/v1/workflows/:id/simulate; the path is lit up on the canvas.
 */
export function Simulator({ request, workflowId, definition, onResult, onClose }: { request: Request; workflowId: string; definition: WorkflowDefinition; onResult: (r: SimulationResult | null) => void; onClose: () => void }) {
  const refs = useReferences();
  const [mode, setMode] = useState<"inline" | "existing">("inline");
  const [email, setEmail] = useState("ada@example.com");
  const [properties, setProperties] = useState("{}");
  const [stage, setStage] = useState("");
  const [existing, setExisting] = useState("");
  const [enrol, setEnrol] = useState<"start" | "triggers">("start");
  const [entries, setEntries] = useState<DraftEntry[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<SimulationResult | null>(null);

  function contact(): SimulatedContact | string {
    if (mode === "existing") {
      const key = existing.trim();
      if (!key) return "Give the id or email of a contact";
      return key.includes("@") ? { email: key } : { id: key };
    }
    let props: unknown;
    try {
      props = JSON.parse(properties || "{}");
    } catch {
      return "The properties are not valid JSON";
    }
    if (!props || typeof props !== "object" || Array.isArray(props)) return "The properties must be a JSON object";
    return { inline: { ...(email.trim() ? { email: email.trim() } : {}), properties: props as Record<string, never>, ...(stage ? { lifecycleStage: stage } : {}) } };
  }

  async function run(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const who = contact();
    if (typeof who === "string") return setError(who);
    const timeline = timelineOf(entries);
    if ("error" in timeline) return setError(timeline.error);
    if (!WorkflowDefinition.safeParse(definition).success) return setError("The workflow has unfinished steps (see the problems on the canvas): fix them to simulate it.");
    setBusy(true);
    try {
      const r = await request<SimulationResult>("POST", workflowPath(workflowId, "simulate"), { definition, contact: who, enrol, timeline: timeline.timeline });
      setResult(r);
      onResult(r);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  const update = (key: number, patch: Partial<DraftEntry>) => setEntries((es) => es.map((x) => (x.key === key ? { ...x, ...patch } : x)));
  return (
    <aside className="wf-panel wf-simulator" aria-labelledby="sim-title">
      <div className="panel-head">
        <h2 id="sim-title">Simulator</h2>
        <button
          type="button"
          className="link"
          onClick={() => {
            onResult(null);
            onClose();
          }}
        >
          Close
        </button>
      </div>
      <p className="muted">Plays the workflow as it is on the canvas (saved or not) for one contact on a virtual clock. Nothing is sent or stored.</p>
      <form onSubmit={run} className="wf-fields">
        <SelectField label="Contact" value={mode} options={[["inline", "Describe a contact"], ["existing", "An existing contact (copied, not changed)"]]} onChange={setMode} />
        {mode === "inline" ? (
          <>
            <TextField label="Email" value={email} onChange={setEmail} />
            <TextArea label="Properties (JSON)" value={properties} onChange={setProperties} rows={3} />
            <ChoiceField label="Lifecycle stage" value={stage} choices={refs.stages} onChange={setStage} />
          </>
        ) : (
          <TextField label="Contact id or email" value={existing} onChange={setExisting} />
        )}
        <SelectField label="Enrolment" value={enrol} options={[["start", "Enrolled at the start"], ["triggers", "Only when a timeline event fires a trigger"]]} onChange={setEnrol} />
        <fieldset className="wf-item">
          <legend>Timeline</legend>
          {entries.length === 0 && <p className="muted">No events: the contact just goes through. Add what happens to them, e.g. “after 2 days, clicks in the email of step thank_you”.</p>}
          <ol className="wf-timeline">
            {entries.map((x, i) => (
              <TimelineRow key={x.key} index={i} entry={x} onChange={(p) => update(x.key, p)} onRemove={() => setEntries((es) => es.filter((y) => y.key !== x.key))} />
            ))}
          </ol>
          <button type="button" className="secondary" onClick={() => setEntries((es) => [...es, newEntry()])}>
            Add a timeline event
          </button>
        </fieldset>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? "Simulating…" : "Run the simulation"}
        </button>
      </form>
      {result && <SimulationReport result={result} />}
    </aside>
  );
}

function TimelineRow({ index, entry, onChange, onRemove }: { index: number; entry: DraftEntry; onChange: (p: Partial<DraftEntry>) => void; onRemove: () => void }) {
  const id = useId();
  const steps = useSteps();
  const refs = useReferences();
  return (
    <li className="wf-timeline-row">
      <div className="field duration">
        <label htmlFor={`${id}-n`}>Event {index + 1}: after</label>
        <input id={`${id}-n`} type="number" min={0} max={100000} value={entry.amount} onChange={(e) => onChange({ amount: Math.max(0, Math.trunc(Number(e.target.value) || 0)) })} />
        <label htmlFor={`${id}-u`} className="visually-hidden">
          Unit
        </label>
        <select id={`${id}-u`} value={entry.unit} onChange={(e) => onChange({ unit: e.target.value as Unit })}>
          {UNITS.map(([u, t]) => (
            <option key={u} value={u}>
              {t}
            </option>
          ))}
        </select>
      </div>
      <SelectField label="the contact" value={entry.type} options={ENTRY_TYPES} onChange={(type) => onChange({ type })} />
      {entry.type === "track" && <TextField label="Event name" value={entry.name} onChange={(name) => onChange({ name })} />}
      {entry.type === "tag.added" && <TextField label="Tag" value={entry.name} onChange={(name) => onChange({ name })} />}
      {entry.type === "lifecycle.changed" && <ChoiceField label="Stage" value={entry.name} choices={refs.stages} onChange={(name) => onChange({ name })} />}
      {(entry.type === "email.opened" || entry.type === "email.clicked") && (
        <ChoiceField label="Email sent by step" value={entry.nodeId} choices={steps.filter((s) => s.type === "action").map((s) => ({ id: s.id, name: s.id }))} onChange={(nodeId) => onChange({ nodeId })} />
      )}
      {(entry.type === "track" || entry.type === "identify") && <TextArea label="Properties (JSON)" value={entry.properties} onChange={(properties) => onChange({ properties })} rows={2} />}
      <button type="button" className="link" onClick={onRemove} aria-label={`Remove event ${index + 1}`}>
        Remove
      </button>
    </li>
  );
}

function SimulationReport({ result }: { result: SimulationResult }) {
  const t0 = Date.parse(result.startedAt);
  const since = (at: string) => {
    const minutes = Math.round((Date.parse(at) - t0) / 60000);
    if (minutes === 0) return "start";
    const [amount, unit] = minutes % 1440 === 0 ? [minutes / 1440, "days"] : minutes % 60 === 0 ? [minutes / 60, "hours"] : [minutes, "minutes"];
    return `+${formatDuration({ amount: amount as number, unit: unit as string })}`;
  };
  return (
    <section className="wf-sim-result" aria-labelledby="sim-result-title" aria-live="polite">
      <h3 id="sim-result-title">{result.enrolled ? "The contact was enrolled" : "The contact was not enrolled"}</h3>
      {result.reason && <p>{result.reason}</p>}
      {result.enrolments
        .filter((e) => !e.enrolled)
        .map((e, i) => (
          <p key={i} className="muted">
            Not enrolled at {since(e.at)}: {e.reason}
          </p>
        ))}
      {result.runs.map((run) => (
        <div key={run.runId}>
          <p>
            Run ended <strong>{run.status}</strong>
            {run.resumesAt ? `, still waiting (resumes ${since(run.resumesAt)})` : ""}
          </p>
          <ol className="wf-path">
            {run.path.map((s, i) => (
              <li key={i}>
                <span className="muted">{since(s.at)}</span> <code>{s.nodeId}</code> {describeStep(s)}
              </li>
            ))}
          </ol>
        </div>
      ))}
      {result.effects.length > 0 && (
        <>
          <h3>What the runs did</h3>
          <ul className="wf-path">
            {result.effects.map((e, i) => (
              <li key={i}>
                <span className="muted">{since(e.at)}</span> {e.name} {Object.keys(e.properties).length ? <code>{JSON.stringify(e.properties)}</code> : null}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
