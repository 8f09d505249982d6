import { useCallback, useId, useState, type FormEvent } from "react";
import type { ApiKeyOut } from "../../../src/schemas/workspace-api.js";
import { formatTime } from "../format.js";
import { ConfirmButton, CopyButton, problemAt, problemsOf, ResourceStatus, TextField, useResource, type Problems } from "../kit/index.js";
import type { SectionProps } from "./sections.js";

type Created = ApiKeyOut & { key: string };

/** The workspace's API keys: create one (its secret shown this once) and revoke the ones no longer used. Admins only. */
export function ApiKeys({ api, onSessionEnded }: SectionProps) {
  const load = useCallback(() => api.get<{ data: ApiKeyOut[] }>("/api/v1/keys").then((r) => r.data), [api]);
  const [resource, reload] = useResource(load, onSessionEnded);
  const [created, setCreated] = useState<Created | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function revoke(id: string) {
    setError(null);
    try {
      await api.request("DELETE", `/api/v1/keys/${encodeURIComponent(id)}`);
      if (created?.id === id) setCreated(null);
      reload();
    } catch (err) {
      setError((err as Error).message);
    }
  }

  if (resource.state !== "ready") return <ResourceStatus resource={resource} what="the API keys" onRetry={reload} />;
  const keys = resource.data;
  return (
    <>
      <p>
        A <strong>secret key</strong> may call the whole REST API: keep it on servers. A <strong>write key</strong> may only send events and identify
        contacts (<code>/v1/track</code>, <code>/v1/identify</code>… as Segment's SDKs do), so it can sit in a website or an app.
      </p>
      {created && (
        <div className="secret" role="region" aria-labelledby="secret-title">
          <h3 id="secret-title">Your new {created.kind} key{created.name ? ` “${created.name}”` : ""}</h3>
          <p>
            <code data-testid="new-key">{created.key}</code>
          </p>
          <p>
            Copy it now: it is shown only this once. <CopyButton text={created.key} label="Copy the key" />
          </p>
          <button type="button" className="secondary" onClick={() => setCreated(null)}>
            I have saved it
          </button>
        </div>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {keys.length === 0 ? (
        <p className="muted">No API keys yet. Create one below to call the API or to send events from your site.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Starts with</th>
              <th scope="col">Created</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id}>
                <td>{k.name ?? <span className="muted">unnamed</span>}</td>
                <td>{k.kind === "secret" ? "Secret" : "Write"}</td>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td>{formatTime(k.createdAt)}</td>
                <td>
                  {k.revokedAt ? (
                    <span className="muted">Revoked {formatTime(k.revokedAt)}</span>
                  ) : (
                    <ConfirmButton label="Revoke" name={`Revoke key ${k.name ?? k.prefix}`} question="Revoke this key? Calls using it will be refused." onConfirm={() => void revoke(k.id)} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CreateKey
        api={api}
        onCreated={(k) => {
          setCreated(k);
          reload();
        }}
      />
    </>
  );
}

function CreateKey({ api, onCreated }: { api: SectionProps["api"]; onCreated: (key: Created) => void }) {
  const kindId = useId();
  const [kind, setKind] = useState<"secret" | "write">("secret");
  const [name, setName] = useState("");
  const [problems, setProblems] = useState<Problems | null>(null);

  async function create(e: FormEvent) {
    e.preventDefault();
    setProblems(null);
    try {
      onCreated(await api.post<Created>("/api/v1/keys", { kind, ...(name.trim() ? { name: name.trim() } : {}) }));
      setName("");
    } catch (err) {
      setProblems(problemsOf(err));
    }
  }

  return (
    <form className="add-form" onSubmit={(e) => void create(e)} aria-labelledby="create-key-title" noValidate>
      <h3 id="create-key-title">Create a key</h3>
      {problems && (
        <p role="alert" className="error">
          The key was not created: {problems.message}
        </p>
      )}
      <div className="grid-3">
        <div className="kit-field">
          <label htmlFor={kindId}>Kind of key</label>
          <select id={kindId} value={kind} onChange={(e) => setKind(e.target.value as "secret" | "write")}>
            <option value="secret">Secret: the whole API</option>
            <option value="write">Write: events and identify only</option>
          </select>
        </div>
        <TextField label="Key name (optional)" placeholder="CRM sync" hint="Where it is used, to know which to revoke." value={name} onChange={setName} problem={problemAt(problems, "name")} />
      </div>
      <button type="submit">Create the key</button>
    </form>
  );
}
