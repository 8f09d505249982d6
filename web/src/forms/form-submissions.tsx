import { useCallback } from "react";
import type { FormSubmissionOut } from "../../../src/schemas/form.js";
import type { Api, Page } from "../api.js";
import { formatTime } from "../format.js";
import { ResourceStatus, useResource } from "../kit/index.js";

const STATUS: Record<FormSubmissionOut["status"], string> = { accepted: "Accepted", pending_confirmation: "Waiting for confirmation", confirmed: "Confirmed" };
const SHOWN = 10;

/** The form's latest submissions: who, how it went, what they typed. */
export function FormSubmissions({ api, formId }: { api: Api; formId: string }) {
  const load = useCallback(() => api.get<Page<FormSubmissionOut>>(`/api/v1/forms/${encodeURIComponent(formId)}/submissions?limit=${SHOWN}`), [api, formId]);
  const [page, reload] = useResource(load);
  return (
    <section aria-labelledby="submissions-title">
      <div className="toolbar">
        <h3 id="submissions-title">Latest submissions</h3>
        <button type="button" className="secondary" onClick={reload}>
          Refresh
        </button>
      </div>
      <ResourceStatus resource={page} what="the submissions" onRetry={reload} />
      {page.state === "ready" && page.data.data.length === 0 && <p className="muted">No submissions yet: open the hosted page, or embed the form in your site.</p>}
      {page.state === "ready" && page.data.data.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Status</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {page.data.data.map((s) => (
              <tr key={s.id}>
                <td title={Object.entries(s.fields).map(([k, v]) => `${k}: ${String(v)}`).join("\n")}>{s.email}</td>
                <td>{STATUS[s.status]}</td>
                <td>{formatTime(s.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page.state === "ready" && page.data.nextCursor && (
        <p className="muted">
          The latest {SHOWN}; <code>GET /api/v1/forms/{formId}/submissions</code> lists them all.
        </p>
      )}
    </section>
  );
}
