import { useCallback } from "react";
import type { FormOut } from "../../../src/schemas/form.js";
import type { Page } from "../api.js";
import { ResourceStatus, useResource } from "../kit/index.js";
import type { ScreenProps } from "../screen-props.js";
import { formatTime } from "../format.js";
import { useSubmissionCounts } from "./use-submission-counts.js";

const LIMIT = 200;

/** The workspace's forms with what each does and how many submissions it got. */
export function FormList({ api, me, onSessionEnded }: ScreenProps) {
  const load = useCallback(() => api.get<Page<FormOut>>(`/api/v1/forms?limit=${LIMIT}`), [api]);
  const [forms, reload] = useResource(load, onSessionEnded);
  const counts = useSubmissionCounts(api);
  const canWrite = me.user.role !== "read_only";

  return (
    <main className="main">
      <section className="contacts" aria-labelledby="forms-title">
        <div className="toolbar">
          <h2 id="forms-title">Forms</h2>
          {canWrite && (
            <a className="button" href="#/forms/new">
              New form
            </a>
          )}
        </div>
        <ResourceStatus resource={forms} what="the forms" onRetry={reload} />
        {forms.state === "ready" && forms.data.data.length === 0 && (
          <div className="empty-note">
            <p>
              <strong>No forms yet.</strong> A form collects contacts: its fields set contact properties, a consent box subscribes them to a topic, and
              each submission records <code>form.submitted</code>, which workflows can start on (a lead magnet, a newsletter sign-up).
            </p>
            <p>
              {canWrite ? (
                <>
                  Press <strong>New form</strong>: Parcours hosts it at its own address, and gives you a snippet to paste into your site.
                </>
              ) : (
                "Ask a marketer or an admin to create one."
              )}
            </p>
          </div>
        )}
        {forms.state === "ready" && forms.data.data.length > 0 && (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Fields</th>
                <th scope="col">Consent</th>
                <th scope="col">Double opt-in</th>
                <th scope="col" className="num">
                  Submissions
                </th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {forms.data.data.map((f) => (
                <tr key={f.id}>
                  <td>
                    <a href={`#/forms/${encodeURIComponent(f.id)}`}>{f.name}</a>
                  </td>
                  <td>{f.definition.fields.map((x) => x.label).join(", ")}</td>
                  <td>{f.definition.consent ? "Yes" : "—"}</td>
                  <td>{f.definition.doubleOptIn ? "Yes" : "—"}</td>
                  <td className="num" title={countTitle(counts, f.id)}>
                    {counts === undefined ? "…" : counts === null ? "—" : (counts.get(f.id)?.total ?? 0)}
                  </td>
                  <td>{formatTime(f.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {forms.state === "ready" && forms.data.nextCursor && (
          <p className="muted">
            Showing the first {LIMIT} forms; <code>GET /api/v1/forms</code> pages through them all.
          </p>
        )}
      </section>
    </main>
  );
}

function countTitle(counts: ReturnType<typeof useSubmissionCounts>, id: string): string | undefined {
  const c = counts?.get(id);
  return c && c.pendingConfirmation > 0 ? `${c.pendingConfirmation} waiting for their address to be confirmed` : undefined;
}
