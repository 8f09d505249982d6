import type { ContactWorkflowDecisionOut } from "../../../src/schemas/workflow-api.js";
import type { Api, Page } from "../api.js";
import { formatTime } from "../format.js";
import { useLoad } from "../kit/index.js";

type Run = NonNullable<Extract<ContactWorkflowDecisionOut, { decision: "enrolled" }>["run"]>;
type RunSteps = { steps: { nodeId: string; outcome: string }[] };

const ENDINGS: Record<string, string> = { completed: "completed", converted: "reached the goal", exited: "removed", failed: "failed" };

/** Where the run is, in words: the step it runs next, the step it waits in (and until when), or how it ended. */
export function runPlace(run: Run, waitingIn: string | null): string {
  if (run.status === "running") return `running, next step ${run.nodeId ?? "—"}`;
  if (run.status === "waiting") {
    const until = run.resumesAt ? ` until ${formatTime(run.resumesAt)}` : "";
    return `waiting in step ${waitingIn ?? "…"}${until}, then ${run.nodeId ?? "the end"}`;
  }
  return ENDINGS[run.status] ?? run.status;
}

/** One enrolment's run: a waiting run keeps only the step it resumes at, so the step it waits in comes from its history. */
function RunPlace({ api, run, onUnauthorized }: { api: Api; run: Run; onUnauthorized: () => void }) {
  const { view } = useLoad(
    () => (run.status === "waiting" ? api.get<RunSteps>(`/api/v1/runs/${encodeURIComponent(run.id)}`).then((r) => r.steps.at(-1)?.nodeId ?? null) : Promise.resolve(null)),
    [api, run.id, run.status],
    onUnauthorized,
  );
  return <>{runPlace(run, view.state === "ready" ? view.data : null)}</>;
}

/** The workflows the contact entered, with where each run is now, and those it was kept out of, with why. */
export function ContactWorkflows({ api, contactId, onUnauthorized }: { api: Api; contactId: string; onUnauthorized: () => void }) {
  const { view } = useLoad(() => api.get<Page<ContactWorkflowDecisionOut>>(`/api/v1/contacts/${encodeURIComponent(contactId)}/workflows?limit=50`), [api, contactId], onUnauthorized);
  if (view.state === "loading") return <p className="muted">Loading the workflows…</p>;
  if (view.state === "failed") return <p role="alert" className="error">Could not load the workflows: {view.message}</p>;
  if (view.data.data.length === 0) return <p className="muted">Not in any workflow yet: a workflow takes the contact in when its trigger fires, or when enrolled through the API.</p>;
  return (
    <table className="table compact-rows">
      <caption className="visually-hidden">Workflow enrolments, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Workflow</th>
          <th scope="col">Now</th>
          <th scope="col">Since</th>
        </tr>
      </thead>
      <tbody>
        {view.data.data.map((d) => (
          <tr key={d.eventId} data-testid={`enrolment-${d.workflowId}`}>
            <th scope="row">{d.workflowName ?? d.workflowId}</th>
            <td>{d.decision === "enrolled" ? d.run ? <RunPlace api={api} run={d.run} onUnauthorized={onUnauthorized} /> : "run removed" : <span className="muted">not entered: {d.reason}</span>}</td>
            <td>
              <time dateTime={d.at}>{formatTime(d.at)}</time>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
