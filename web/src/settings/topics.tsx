import { useCallback, useId, useState, type FormEvent } from "react";
import type { TopicOut } from "../../../src/schemas/consent.js";
import { ConfirmButton, problemAt, problemsOf, ResourceStatus, TextField, useAction, useResource, type Problems } from "../kit/index.js";
import type { SectionProps } from "./sections.js";

/** Subscription topics: what marketing emails are about; contacts choose per topic on the preference page and in forms. */
export function Topics({ api, canWrite, onSessionEnded }: SectionProps) {
  const load = useCallback(() => api.get<{ data: TopicOut[] }>("/api/v1/topics").then((r) => r.data), [api]);
  const [resource, reload] = useResource(load, onSessionEnded);
  const { error, act } = useAction(reload);

  if (resource.state !== "ready") return <ResourceStatus resource={resource} what="the topics" onRetry={reload} />;
  const topics = resource.data;
  const path = (id: string) => `/api/v1/topics/${encodeURIComponent(id)}`;
  return (
    <>
      <p>
        What your marketing emails are about (newsletter, product updates…). A contact subscribes or unsubscribes per topic: on the preference page
        linked from every email, through a form's consent box, or through the API.
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {topics.length === 0 ? (
        <p className="muted">No topics yet. {canWrite ? "Add one below, then tie a form's consent box or a broadcast to it." : ""}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Description</th>
              <th scope="col">Until a contact chooses</th>
              {canWrite && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {topics.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td>{t.description ?? <span className="muted">—</span>}</td>
                <td>{t.defaultStatus === "subscribed" ? "Subscribed (opt-out)" : "Not subscribed (opt-in)"}</td>
                {canWrite && (
                  <td>
                    <ConfirmButton
                      label="Delete"
                      name={`Delete topic ${t.name}`}
                      question="Delete this topic and every contact's choice for it?"
                      onConfirm={() => void act(() => api.request("DELETE", path(t.id)))}
                    />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canWrite && <AddTopic api={api} onAdded={reload} />}
    </>
  );
}

function AddTopic({ api, onAdded }: { api: SectionProps["api"]; onAdded: () => void }) {
  const defaultId = useId();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [defaultStatus, setDefaultStatus] = useState<"subscribed" | "unsubscribed">("unsubscribed");
  const [problems, setProblems] = useState<Problems | null>(null);
  const [status, setStatus] = useState("");

  async function add(e: FormEvent) {
    e.preventDefault();
    setProblems(null);
    setStatus("");
    try {
      await api.post("/api/v1/topics", { name: name.trim(), defaultStatus, ...(description.trim() ? { description: description.trim() } : {}) });
      setStatus(`Topic “${name.trim()}” added.`);
      setName("");
      setDescription("");
      onAdded();
    } catch (err) {
      setProblems(problemsOf(err));
    }
  }

  return (
    <form className="add-form" onSubmit={(e) => void add(e)} aria-labelledby="add-topic-title" noValidate>
      <h3 id="add-topic-title">Add a topic</h3>
      {problems && (
        <p role="alert" className="error">
          The topic was not added: {problems.message}
        </p>
      )}
      <div className="grid-3">
        <TextField label="Topic name" placeholder="Product updates" value={name} onChange={setName} problem={problemAt(problems, "name")} />
        <TextField label="Topic description (optional)" hint="Shown on the preference page." value={description} onChange={setDescription} problem={problemAt(problems, "description")} />
        <div className="kit-field">
          <label htmlFor={defaultId}>Until a contact chooses</label>
          <select id={defaultId} value={defaultStatus} onChange={(e) => setDefaultStatus(e.target.value as "subscribed" | "unsubscribed")}>
            <option value="unsubscribed">Not subscribed: contacts opt in</option>
            <option value="subscribed">Subscribed: contacts opt out</option>
          </select>
        </div>
      </div>
      <div className="actions">
        <button type="submit">Add the topic</button>
        <span role="status" className="muted">
          {status}
        </span>
      </div>
    </form>
  );
}
