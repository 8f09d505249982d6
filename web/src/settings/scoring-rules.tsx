import { useCallback, useId, useState, type FormEvent } from "react";
import type { ComparisonOp } from "../../../src/schemas/rule.js";
import type { ScoreOut, ScoringRuleIn, ScoringRuleOut } from "../../../src/schemas/scoring.js";
import { ConfirmButton, problemAt, problemsOf, ResourceStatus, TextField, useResource, type Problems } from "../kit/index.js";
import { comparisonOf, describeComparison, OPS } from "./comparison.js";
import type { SectionProps } from "./sections.js";

/** The rules that give or take points: per matching event, or while a contact property holds (docs/scoring.md). */
export function ScoringRules({ api, canWrite, onSessionEnded }: SectionProps) {
  const load = useCallback(async () => {
    const [rules, scores] = await Promise.all([api.get<{ data: ScoringRuleOut[] }>("/api/v1/scoring-rules"), api.get<{ data: ScoreOut[] }>("/api/v1/scores")]);
    return { rules: rules.data, scores: scores.data };
  }, [api]);
  const [resource, reload] = useResource(load, onSessionEnded);
  const [error, setError] = useState<string | null>(null);

  async function remove(id: string) {
    setError(null);
    try {
      await api.request("DELETE", `/api/v1/scoring-rules/${encodeURIComponent(id)}`);
      reload();
    } catch (err) {
      setError((err as Error).message);
    }
  }

  if (resource.state !== "ready") return <ResourceStatus resource={resource} what="the scoring rules" onRetry={reload} />;
  const { rules, scores } = resource.data;
  const scoreName = (key: string) => scores.find((s) => s.key === key)?.name ?? key;
  return (
    <>
      <p>
        Each rule gives points (or takes them, when negative) to a score: for each event that matches, or while a contact property holds. Rules apply to
        what happens after they are saved.
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {rules.length === 0 ? (
        <p className="muted">No scoring rules yet: every contact's score stays 0. {canWrite ? "Add a rule below, e.g. 5 points per visit of the pricing page." : ""}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">When</th>
              <th scope="col" className="num">
                Points
              </th>
              <th scope="col">Score</th>
              {canWrite && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => (
              <tr key={r.id}>
                <td>{r.name}</td>
                <td>{whenOf(r)}</td>
                <td className="num">{r.points > 0 ? `+${r.points}` : r.points}</td>
                <td>{scoreName(r.score)}</td>
                {canWrite && (
                  <td>
                    <ConfirmButton label="Delete" name={`Delete rule ${r.name}`} question="Delete this rule? Points it gave stay." onConfirm={() => void remove(r.id)} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canWrite && <AddRule api={api} scores={scores} onAdded={reload} />}
    </>
  );
}

function whenOf(r: ScoringRuleOut): string {
  if (r.kind === "property") return `While ${describeComparison(r.property)}`;
  const filters = r.event.filters?.length ? ` where ${r.event.filters.map(describeComparison).join(" and ")}` : "";
  const cap = r.cap ? ` (at most ${r.cap.points} per ${r.cap.per.amount} ${r.cap.per.unit})` : "";
  return `Each “${r.event.name}” event${filters}${cap}`;
}

function AddRule({ api, scores, onAdded }: { api: SectionProps["api"]; scores: ScoreOut[]; onAdded: () => void }) {
  const ids = { kind: useId(), score: useId(), op: useId() };
  const [kind, setKind] = useState<"event" | "property">("event");
  const [name, setName] = useState("");
  const [points, setPoints] = useState("5");
  const [score, setScore] = useState("default");
  const [eventName, setEventName] = useState("");
  const [property, setProperty] = useState("");
  const [op, setOp] = useState<ComparisonOp>("contains");
  const [value, setValue] = useState("");
  const [problems, setProblems] = useState<Problems | null>(null);
  const [status, setStatus] = useState("");

  async function add(e: FormEvent) {
    e.preventDefault();
    setProblems(null);
    setStatus("");
    const base = { name: name.trim(), points: Number(points), score };
    const comparison = comparisonOf(property, op, value);
    const rule: ScoringRuleIn =
      kind === "event"
        ? { kind, ...base, event: { name: eventName.trim(), ...(property.trim() ? { filters: [comparison] } : {}) } }
        : { kind, ...base, property: comparison };
    try {
      await api.post("/api/v1/scoring-rules", rule);
      setStatus(`Rule “${base.name}” added.`);
      setName("");
      setEventName("");
      setProperty("");
      setValue("");
      onAdded();
    } catch (err) {
      setProblems(problemsOf(err));
    }
  }

  const takesValue = OPS.find((o) => o.op === op)?.takesValue ?? true;
  const filterPath = kind === "event" ? "event.filters.0" : "property";
  return (
    <form className="add-form" onSubmit={(e) => void add(e)} aria-labelledby="add-rule-title" noValidate>
      <h3 id="add-rule-title">Add a rule</h3>
      {problems && (
        <p role="alert" className="error">
          The rule was not added: {problems.message}
        </p>
      )}
      <div className="grid-4">
        <div className="kit-field">
          <label htmlFor={ids.kind}>Gives points</label>
          <select id={ids.kind} value={kind} onChange={(e) => setKind(e.target.value as "event" | "property")}>
            <option value="event">for each matching event</option>
            <option value="property">while a property holds</option>
          </select>
        </div>
        <TextField label="Rule name" placeholder="Pricing page" value={name} onChange={setName} problem={problemAt(problems, "name")} />
        <TextField label="Points" type="number" hint="Negative to take points." value={points} onChange={setPoints} problem={problemAt(problems, "points")} />
        <div className="kit-field">
          <label htmlFor={ids.score}>Score</label>
          <select id={ids.score} value={score} onChange={(e) => setScore(e.target.value)}>
            {!scores.some((s) => s.key === "default") && <option value="default">Main score</option>}
            {scores.map((s) => (
              <option key={s.key} value={s.key}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      {kind === "event" && <TextField label="Event name" placeholder="Page Viewed" value={eventName} onChange={setEventName} problem={problemAt(problems, "event.name")} />}
      <div className="grid-3">
        <TextField
          label={kind === "event" ? "Event property (optional filter)" : "Contact property"}
          placeholder={kind === "event" ? "url" : "employees"}
          value={property}
          onChange={setProperty}
          problem={problemAt(problems, `${filterPath}.property`)}
        />
        <div className="kit-field">
          <label htmlFor={ids.op}>Comparison</label>
          <select id={ids.op} value={op} onChange={(e) => setOp(e.target.value as ComparisonOp)}>
            {OPS.map((o) => (
              <option key={o.op} value={o.op}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        {takesValue && (
          <TextField label="Value" hint="Numbers and true/false are compared as such." placeholder={kind === "event" ? "/pricing" : "200"} value={value} onChange={setValue} problem={problemAt(problems, `${filterPath}.value`)} />
        )}
      </div>
      <div className="actions">
        <button type="submit">Add the rule</button>
        <span role="status" className="muted">
          {status}
        </span>
      </div>
    </form>
  );
}
