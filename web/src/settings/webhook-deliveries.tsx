import { useCallback } from "react";
import type { WebhookDelivery } from "../../../src/schemas/webhook-subscription.js";
import type { Api, Page } from "../api.js";
import { formatTime } from "../format.js";
import { ResourceStatus, useResource } from "../kit/index.js";

/** A subscription's latest deliveries, newest first: what was sent, how it went, when it is tried again. */
export function WebhookDeliveries({ api, subscriptionId, revision }: { api: Api; subscriptionId: string; revision: number }) {
  // `revision` is a dependency so that the log is read again after a test event or a refresh.
  const load = useCallback(() => api.get<Page<WebhookDelivery>>(`/api/v1/webhook-subscriptions/${encodeURIComponent(subscriptionId)}/deliveries?limit=50`), [api, subscriptionId, revision]);
  const [log, reload] = useResource(load);
  if (log.state !== "ready") return <ResourceStatus resource={log} what="the delivery log" onRetry={reload} />;
  if (log.data.data.length === 0) return <p className="muted">Nothing delivered yet: events of the chosen types go out as they happen, or send a test event.</p>;
  return (
    <table className="table compact-log">
      <caption className="visually-hidden">Delivery log</caption>
      <thead>
        <tr>
          <th scope="col">Event</th>
          <th scope="col">Status</th>
          <th scope="col" className="num">
            Attempts
          </th>
          <th scope="col">Answer</th>
          <th scope="col">Queued</th>
          <th scope="col">Next try</th>
        </tr>
      </thead>
      <tbody>
        {log.data.data.map((d) => (
          <tr key={d.id}>
            <td>
              <details>
                <summary>{d.eventType}</summary>
                <pre className="snippet">{d.body}</pre>
              </details>
            </td>
            <td>
              <span className={`badge ${d.status === "delivered" ? "badge-ok" : d.status === "failed" ? "badge-down" : ""}`}>{d.status}</span>
            </td>
            <td className="num">{d.attempts}</td>
            <td>{d.responseStatus ?? (d.lastError ? d.lastError.message : <span className="muted">—</span>)}</td>
            <td>{formatTime(d.createdAt)}</td>
            <td>{d.nextAttemptAt ? formatTime(d.nextAttemptAt) : <span className="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
