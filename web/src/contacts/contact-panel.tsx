import type { ContactOut as Contact } from "../../../src/schemas/contact.js";
import { formatValue } from "../format.js";
import type { Api } from "../api.js";
import { Timeline } from "./timeline.js";

/** One contact: its fields, properties and tags, then its timeline. */
export function ContactPanel({ api, contact, onClose }: { api: Api; contact: Contact; onClose: () => void }) {
  const title = contact.email ?? contact.externalId ?? contact.id;
  const properties = Object.entries(contact.properties).sort(([a], [b]) => a.localeCompare(b));
  const subscriptions = Object.entries(contact.subscriptions);
  return (
    <aside className="panel" aria-labelledby="panel-title">
      <div className="panel-head">
        <h2 id="panel-title">{title}</h2>
        <button type="button" className="link" onClick={onClose} aria-label="Close contact">
          Close
        </button>
      </div>
      <dl className="facts">
        <dt>Id</dt>
        <dd>
          <code>{contact.id}</code>
        </dd>
        <dt>External id</dt>
        <dd>{contact.externalId ?? "—"}</dd>
        <dt>Lifecycle stage</dt>
        <dd>{contact.lifecycleStage ?? "—"}</dd>
        <dt>Score</dt>
        <dd>{contact.score}</dd>
        <dt>Time zone</dt>
        <dd>{contact.timezone ?? "—"}</dd>
        <dt>Subscriptions</dt>
        <dd>{subscriptions.length ? subscriptions.map(([channel, status]) => `${channel}: ${status}`).join(", ") : "—"}</dd>
        <dt>Tags</dt>
        <dd>
          {contact.tags.length
            ? contact.tags.map((t) => (
                <span key={t} className="tag">
                  {t}
                </span>
              ))
            : "—"}
        </dd>
      </dl>
      <h3>Properties</h3>
      {properties.length ? (
        <table className="table compact">
          <tbody>
            {properties.map(([name, value]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td>{formatValue(value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No properties.</p>
      )}
      <h3>Timeline</h3>
      <Timeline key={contact.id} api={api} contactId={contact.id} />
    </aside>
  );
}
