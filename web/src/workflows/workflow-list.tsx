import { useEffect, useId, useState, type FormEvent } from "react";
import type { WorkflowOut, WorkflowStatsOut, WorkflowSummaryOut } from "../../../src/schemas/workflow-api.js";
import type { WorkflowDefinitionInput } from "../../../src/schemas/workflow/index.js";
import { messageOf } from "./problems.js";
import { statusOf, workflowPath, type Page, type Request } from "./request.js";

const PAGE_SIZE = 100;

/** What a new workflow starts as: enrolled through the API, one End step; the builder takes it from there. */
export const STARTER: WorkflowDefinitionInput = { version: 1, triggers: [{ type: "api" }], start: "done", nodes: [{ id: "done", type: "end", position: { x: 0, y: 160 } }] };

type RunCounts = WorkflowStatsOut["runs"];
type Load = { state: "loading" } | { state: "failed"; message: string } | { state: "ready"; rows: WorkflowSummaryOut[]; next: string | null };

/** Workflows with their status, live version and run counts, and a form to start a new one. */
export function WorkflowList({ request, onOpen, canWrite }: { request: Request; onOpen: (id: string) => void; canWrite: boolean }) {
  const [load, setLoad] = useState<Load>({ state: "loading" });
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [attempt, setAttempt] = useState(0);
  const [counts, setCounts] = useState<Record<string, RunCounts | "failed">>({});

  useEffect(() => {
    let live = true;
    request<Page<WorkflowSummaryOut>>("GET", `/api/v1/workflows?limit=${PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`)
      .then((page) => {
        if (!live) return;
        setLoad((prev) => ({ state: "ready", rows: [...(prev.state === "ready" && cursor ? prev.rows : []), ...page.data], next: page.nextCursor }));
        for (const w of page.data) {
          if (w.currentVersion === null) continue;
          request<WorkflowStatsOut>("GET", workflowPath(w.id, "versions", w.currentVersion, "stats"))
            .then((s) => live && setCounts((c) => ({ ...c, [w.id]: s.runs })))
            .catch(() => live && setCounts((c) => ({ ...c, [w.id]: "failed" })));
        }
      })
      .catch((err: unknown) => live && setLoad({ state: "failed", message: messageOf(err) }));
    return () => {
      live = false;
    };
  }, [request, cursor, attempt]);

  return (
    <section className="wf-screen" aria-labelledby="wf-list-title">
      <div className="toolbar">
        <h2 id="wf-list-title">Workflows</h2>
        <a href="#/recipes">Start from a recipe</a>
        {canWrite && <NewWorkflow request={request} onCreated={onOpen} />}
      </div>
      {load.state === "loading" && (
        <p className="muted" role="status">
          Loading workflows…
        </p>
      )}
      {load.state === "failed" && (
        <div role="alert" className="error">
          Could not load the workflows: {load.message}{" "}
          <button type="button" className="link" onClick={() => setAttempt((a) => a + 1)}>
            Try again
          </button>
        </div>
      )}
      {load.state === "ready" && load.rows.length === 0 && (
        <div className="empty card">
          <h3>No workflows yet</h3>
          <p>
            A workflow takes contacts through steps — emails, delays, conditions, tags — when something happens to them: they join a list, submit a form, track an event. Give your first one a
            name above and press <strong>New workflow</strong>; the builder opens with a trigger and an End step to build on. Or <a href="#/recipes">start from a recipe</a>: a ready-made
            workflow for a classic scenario, with its emails and forms.
          </p>
        </div>
      )}
      {load.state === "ready" && load.rows.length > 0 && (
        <>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Live version</th>
                <th scope="col" className="num">
                  Runs
                </th>
                <th scope="col" className="num">
                  In progress
                </th>
                <th scope="col" className="num">
                  Converted
                </th>
              </tr>
            </thead>
            <tbody>
              {load.rows.map((w) => {
                const c = counts[w.id];
                const cell = (f: (r: RunCounts) => number) => (w.currentVersion === null ? "—" : c === undefined ? "…" : c === "failed" ? "?" : f(c));
                return (
                  <tr key={w.id} data-testid={`workflow-${w.id}`}>
                    <td>
                      <button type="button" className="link" onClick={() => onOpen(w.id)} aria-label={`Open workflow ${w.name}`}>
                        {w.name}
                      </button>
                      {w.description && <div className="muted">{w.description}</div>}
                    </td>
                    <td>
                      <span className={`wf-status wf-status-${w.status}`}>{w.status}</span>
                    </td>
                    <td>{w.currentVersion ?? <span className="muted">not published</span>}</td>
                    <td className="num">{cell((r) => r.total)}</td>
                    <td className="num">{cell((r) => r.running + r.waiting)}</td>
                    <td className="num">{cell((r) => r.converted)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {load.next && (
            <div className="pager">
              <button type="button" onClick={() => setCursor(load.next!)}>
                More workflows
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function NewWorkflow({ request, onCreated }: { request: Request; onCreated: (id: string) => void }) {
  const id = useId();
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function create(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return setError("Give the workflow a name");
    setBusy(true);
    setError(null);
    try {
      const w = await request<WorkflowOut>("POST", "/api/v1/workflows", { name: name.trim(), definition: STARTER });
      onCreated(w.id);
    } catch (err) {
      setError(statusOf(err) === 409 ? "A workflow already has this name" : messageOf(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="search" onSubmit={create} aria-label="New workflow">
      <label htmlFor={id} className="visually-hidden">
        Name of the new workflow
      </label>
      <input id={id} value={name} onChange={(e) => setName(e.target.value)} placeholder="Name, e.g. Lead magnet follow-up" aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-err` : undefined} />
      <button type="submit" disabled={busy}>
        {busy ? "Creating…" : "New workflow"}
      </button>
      {error && (
        <span id={`${id}-err`} role="alert" className="field-error">
          {error}
        </span>
      )}
    </form>
  );
}
