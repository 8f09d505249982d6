import type { ActiveWorkflowOut } from "../../../src/schemas/dashboard.js";

/** The active workflows with their runs: in progress now, and how those that ended ended. */
export function ActiveWorkflows({ workflows }: { workflows: ActiveWorkflowOut[] }) {
  if (workflows.length === 0)
    return (
      <p className="muted">
        No workflow is live. Build one in <a href="#/workflows">Workflows</a> and publish it: it starts taking contacts in as soon as its trigger fires.
      </p>
    );
  return (
    <table className="table">
      <caption className="visually-hidden">Active workflows and their runs</caption>
      <thead>
        <tr>
          <th scope="col">Workflow</th>
          <th scope="col" className="num">
            Version
          </th>
          <th scope="col" className="num">
            In progress
          </th>
          <th scope="col" className="num">
            Completed
          </th>
          <th scope="col" className="num">
            Converted
          </th>
          <th scope="col" className="num">
            Failed
          </th>
          <th scope="col" className="num">
            All runs
          </th>
        </tr>
      </thead>
      <tbody>
        {workflows.map((w) => (
          <tr key={w.id}>
            <th scope="row">
              <a href={`#/workflows/${encodeURIComponent(w.id)}`}>{w.name}</a>
            </th>
            <td className="num">{w.currentVersion ?? "—"}</td>
            <td className="num">{w.runs.inProgress}</td>
            <td className="num">{w.runs.completed}</td>
            <td className="num">{w.runs.converted}</td>
            <td className={w.runs.failed > 0 ? "num bad" : "num"}>{w.runs.failed}</td>
            <td className="num">{w.runs.total}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
