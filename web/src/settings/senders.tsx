import { useCallback, useState, type FormEvent } from "react";
import type { SenderOut } from "../../../src/schemas/sender.js";
import { ConfirmButton, problemAt, problemsOf, ResourceStatus, TextField, useAction, useResource, type Problems } from "../kit/index.js";
import type { SectionProps } from "./sections.js";

/** Sender identities: the From and Reply-To of the workspace's emails; the default one goes on emails that name none. */
export function Senders({ api, canWrite, onSessionEnded }: SectionProps) {
  const load = useCallback(() => api.get<{ data: SenderOut[] }>("/api/v1/senders").then((r) => r.data), [api]);
  const [resource, reload] = useResource(load, onSessionEnded);
  const { error, act } = useAction(reload);

  if (resource.state !== "ready") return <ResourceStatus resource={resource} what="the sender identities" onRetry={reload} />;
  const senders = resource.data;
  const path = (id: string) => `/api/v1/senders/${encodeURIComponent(id)}`;
  return (
    <>
      <p>Who the workspace's emails come from. Emails and templates that name no sender use the default one.</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {senders.length === 0 ? (
        <p className="muted">
          No sender identity yet: emails go out from the server's <code>MAIL_FROM</code>. {canWrite ? "Add one below; the first is the default." : ""}
        </p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">From</th>
              <th scope="col">Reply-To</th>
              {canWrite && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {senders.map((s) => (
              <tr key={s.id}>
                <td>
                  {s.name} {s.isDefault && <span className="badge default-badge">Default</span>}
                </td>
                <td>{s.from}</td>
                <td>{s.replyTo ?? <span className="muted">—</span>}</td>
                {canWrite && (
                  <td className="cell-actions">
                    {!s.isDefault && (
                      <button type="button" className="secondary" aria-label={`Make ${s.name} the default`} onClick={() => void act(() => api.request("PATCH", path(s.id), { isDefault: true }))}>
                        Make default
                      </button>
                    )}
                    <ConfirmButton
                      label="Delete"
                      name={`Delete sender ${s.name}`}
                      question="Delete this sender identity?"
                      disabled={s.isDefault && senders.length > 1}
                      onConfirm={() => void act(() => api.request("DELETE", path(s.id)))}
                    />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canWrite && <AddSender api={api} onAdded={reload} />}
    </>
  );
}

function AddSender({ api, onAdded }: { api: SectionProps["api"]; onAdded: () => void }) {
  const empty = { name: "", fromEmail: "", fromName: "", replyTo: "" };
  const [draft, setDraft] = useState(empty);
  const [problems, setProblems] = useState<Problems | null>(null);
  const [status, setStatus] = useState("");

  async function add(e: FormEvent) {
    e.preventDefault();
    setProblems(null);
    setStatus("");
    try {
      await api.post("/api/v1/senders", {
        name: draft.name.trim(),
        fromEmail: draft.fromEmail.trim(),
        ...(draft.fromName.trim() ? { fromName: draft.fromName.trim() } : {}),
        ...(draft.replyTo.trim() ? { replyTo: draft.replyTo.trim() } : {}),
      });
      setStatus(`Sender “${draft.name.trim()}” added.`);
      setDraft(empty);
      onAdded();
    } catch (err) {
      setProblems(problemsOf(err));
    }
  }

  return (
    <form className="add-form" onSubmit={(e) => void add(e)} aria-labelledby="add-sender-title" noValidate>
      <h3 id="add-sender-title">Add a sender identity</h3>
      {problems && (
        <p role="alert" className="error">
          The sender was not added: {problems.message}
        </p>
      )}
      <div className="grid-2">
        <TextField label="Sender name" hint="How your team calls it, e.g. Marketing." value={draft.name} onChange={(name) => setDraft({ ...draft, name })} problem={problemAt(problems, "name")} />
        <TextField label="From address" type="email" placeholder="news@example.com" value={draft.fromEmail} onChange={(fromEmail) => setDraft({ ...draft, fromEmail })} problem={problemAt(problems, "fromEmail")} />
        <TextField label="From name (optional)" placeholder="Acme" value={draft.fromName} onChange={(fromName) => setDraft({ ...draft, fromName })} problem={problemAt(problems, "fromName")} />
        <TextField label="Reply-To (optional)" type="email" value={draft.replyTo} onChange={(replyTo) => setDraft({ ...draft, replyTo })} problem={problemAt(problems, "replyTo")} />
      </div>
      <div className="actions">
        <button type="submit">Add the sender</button>
        <span role="status" className="muted">
          {status}
        </span>
      </div>
    </form>
  );
}
