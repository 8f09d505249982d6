import type { ReactNode } from "react";
import type { ContactOut as Contact } from "../../../src/schemas/contact.js";
import type { ListOut } from "../../../src/schemas/list.js";
import type { Me } from "../../../src/schemas/sign-in.js";
import type { Api } from "../api.js";
import { formatTime, formatValue } from "../format.js";
import { ContactWorkflows } from "./contact-workflows.js";
import { EraseContact } from "./erase-dialog.js";
import { ExportContact } from "./export-contact.js";
import { OwnerName } from "./owner-name.js";
import { ScoreHistory } from "./score-history.js";
import { StageHistory } from "./stage-history.js";
import { Timeline } from "./timeline.js";
import { useLoad } from "../kit/index.js";

interface Props {
  api: Api;
  me: Me;
  contactId: string;
  onErased: (label: string) => void;
  onUnauthorized: () => void;
}

/** What a contact is called on screen: its email, else its user id, else its id. */
export const contactLabel = (c: Contact) => c.email ?? c.externalId ?? c.id;

/** A contact's own page (`#/contacts/<id>`): who it is, its scores, workflows and timeline; export, and erase for those who may write. */
export function ContactPage({ api, me, contactId, onErased, onUnauthorized }: Props) {
  const path = `/api/v1/contacts/${encodeURIComponent(contactId)}`;
  const { view, reload } = useLoad(() => Promise.all([api.get<Contact>(path), api.get<{ data: ListOut[] }>(`${path}/lists`)]), [api, path], onUnauthorized);

  if (view.state === "loading")
    return (
      <main className="main">
        <p className="muted" role="status">
          Loading the contact…
        </p>
      </main>
    );
  if (view.state === "failed")
    return (
      <main className="main">
        <BackLink />
        <div role="alert" className="error">
          {view.status === 404 ? "There is no such contact: it may have been erased." : `Could not load the contact: ${view.message}`}{" "}
          {view.status !== 404 && (
            <button type="button" className="link" onClick={reload}>
              Try again
            </button>
          )}
        </div>
      </main>
    );

  const [contact, lists] = view.data;
  const label = contactLabel(contact);
  return (
    <main className="main contact-page">
      <BackLink />
      <div className="contact-head">
        <h1 className="screen-title">{label}</h1>
        <div className="contact-actions">
          <ExportContact api={api} contactId={contact.id} />
          {me.user.role !== "read_only" && <EraseContact api={api} contactId={contact.id} label={label} onErased={() => onErased(label)} />}
        </div>
      </div>
      <div className="contact-grid">
        <section className="card" aria-labelledby="about-title">
          <h2 id="about-title">About</h2>
          <Facts contact={contact} lists={lists.data} owner={contact.ownerId && <OwnerName api={api} userId={contact.ownerId} onUnauthorized={onUnauthorized} />} />
          <h3>Properties</h3>
          <Properties properties={contact.properties} />
          <h3>Stage history</h3>
          <StageHistory api={api} contactId={contact.id} onUnauthorized={onUnauthorized} />
        </section>
        <section className="card" aria-labelledby="score-title">
          <h2 id="score-title">Score</h2>
          <ScoreHistory api={api} contactId={contact.id} onUnauthorized={onUnauthorized} />
        </section>
        <section className="card" aria-labelledby="workflows-title">
          <h2 id="workflows-title">Workflows</h2>
          <ContactWorkflows api={api} contactId={contact.id} onUnauthorized={onUnauthorized} />
        </section>
        <section className="card" aria-labelledby="timeline-title">
          <h2 id="timeline-title">Timeline</h2>
          <Timeline api={api} contactId={contact.id} />
        </section>
      </div>
    </main>
  );
}

function BackLink() {
  return (
    <a href="#/contacts" className="back">
      ← All contacts
    </a>
  );
}

function Facts({ contact, lists, owner }: { contact: Contact; lists: ListOut[]; owner: ReactNode }) {
  const subscriptions = Object.entries(contact.subscriptions);
  return (
    <dl className="facts">
      <dt>Email</dt>
      <dd>{contact.email ?? "—"}</dd>
      <dt>External id</dt>
      <dd>{contact.externalId ?? "—"}</dd>
      <dt>Lifecycle stage</dt>
      <dd>{contact.lifecycleStage ?? "—"}</dd>
      <dt>Score</dt>
      <dd>{contact.score}</dd>
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
      <dt>Lists</dt>
      <dd>{lists.length ? lists.map((l) => l.name).join(", ") : "—"}</dd>
      <dt>Owner</dt>
      <dd>{owner || "—"}</dd>
      <dt>Time zone</dt>
      <dd>{contact.timezone ?? "—"}</dd>
      <dt>Subscriptions</dt>
      <dd>{subscriptions.length ? subscriptions.map(([channel, status]) => `${channel}: ${status}`).join(", ") : "—"}</dd>
      <dt>Created</dt>
      <dd>{formatTime(contact.createdAt)}</dd>
      <dt>Id</dt>
      <dd>
        <code>{contact.id}</code>
      </dd>
    </dl>
  );
}

function Properties({ properties }: { properties: Contact["properties"] }) {
  const rows = Object.entries(properties).sort(([a], [b]) => a.localeCompare(b));
  if (!rows.length) return <p className="muted">No properties.</p>;
  return (
    <table className="table compact">
      <tbody>
        {rows.map(([name, value]) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td>{formatValue(value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
