import { useCallback, useId, useState, type FormEvent } from "react";
import type { UserOut, UserRole } from "../../../src/schemas/user.js";
import type { Page } from "../api.js";
import { ConfirmButton, problemAt, problemsOf, ResourceStatus, TextField, useResource, type Problems } from "../kit/index.js";
import type { SectionProps } from "./sections.js";

const ROLES: { role: UserRole; label: string }[] = [
  { role: "admin", label: "Admin: everything" },
  { role: "marketer", label: "Marketer: all but users, keys and settings" },
  { role: "read_only", label: "Read-only: reads only" },
];
const MIN_PASSWORD = 10;
const LIMIT = 200;

/** The people of the workspace: add one with a role, change roles, set a new password, remove. Admins only. */
export function Users({ api, me, onSessionEnded }: SectionProps) {
  const load = useCallback(() => api.get<Page<UserOut>>(`/api/v1/users?limit=${LIMIT}`), [api]);
  const [resource, reload] = useResource(load, onSessionEnded);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [resetting, setResetting] = useState<string | null>(null);

  async function act(call: () => Promise<unknown>, done: string) {
    setError(null);
    setStatus("");
    try {
      await call();
      setStatus(done);
      reload();
    } catch (err) {
      setError((err as Error).message);
      reload();
    }
  }

  if (resource.state !== "ready") return <ResourceStatus resource={resource} what="the users" onRetry={reload} />;
  const path = (id: string) => `/api/v1/users/${encodeURIComponent(id)}`;
  return (
    <>
      <p>Who can sign in, and what each may do. Users also own contacts (sales hand-off) and receive notifications.</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p role="status" className="muted">
        {status}
      </p>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Signs in</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {resource.data.data.map((u) => {
            const self = u.id === me.user.id;
            return (
              <tr key={u.id}>
                <td>
                  {u.email} {self && <span className="muted">(you)</span>}
                </td>
                <td>{u.name ?? <span className="muted">—</span>}</td>
                <td>
                  <select
                    className="inline-select"
                    aria-label={`Role of ${u.email}`}
                    value={u.role}
                    onChange={(e) => void act(() => api.request("PATCH", path(u.id), { role: e.target.value }), `${u.email} is now ${e.target.value.replace("_", "-")}.`)}
                  >
                    {ROLES.map((r) => (
                      <option key={r.role} value={r.role}>
                        {r.label}
                      </option>
                    ))}
                  </select>
                </td>
                <td>{u.hasPassword ? "Yes" : <span className="muted">No password yet</span>}</td>
                <td>
                  <div className="cell-actions">
                    <button type="button" className="secondary" aria-expanded={resetting === u.id} aria-label={`Set a new password for ${u.email}`} onClick={() => setResetting(resetting === u.id ? null : u.id)}>
                      {u.hasPassword ? "Reset password" : "Set password"}
                    </button>
                    {!self && (
                      <ConfirmButton
                        label="Delete"
                        name={`Delete user ${u.email}`}
                        question="Delete this user? Contacts they own lose their owner."
                        onConfirm={() => void act(() => api.request("DELETE", path(u.id)), `${u.email} is deleted.`)}
                      />
                    )}
                  </div>
                  {resetting === u.id && (
                    <PasswordForm
                      email={u.email}
                      onSet={(password) =>
                        void act(() => api.post(`${path(u.id)}/password`, { password }), `${u.email} has a new password; their sessions ended.`).then(() => setResetting(null))
                      }
                    />
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {resource.data.nextCursor && (
        <p className="muted">
          Showing the first {LIMIT} users; <code>GET /api/v1/users</code> pages through them all.
        </p>
      )}
      <AddUser api={api} onAdded={reload} />
    </>
  );
}

function PasswordForm({ email, onSet }: { email: string; onSet: (password: string) => void }) {
  const [password, setPassword] = useState("");
  const short = password.length > 0 && [...password].length < MIN_PASSWORD;
  function set(e: FormEvent) {
    e.preventDefault();
    if ([...password].length >= MIN_PASSWORD) onSet(password);
  }
  return (
    <form onSubmit={set} className="cell-actions" aria-label={`New password for ${email}`}>
      <TextField label={`New password for ${email}`} value={password} onChange={setPassword} problem={short ? `At least ${MIN_PASSWORD} characters.` : undefined} />
      <button type="submit" disabled={[...password].length < MIN_PASSWORD}>
        Set the password
      </button>
    </form>
  );
}

function AddUser({ api, onAdded }: { api: SectionProps["api"]; onAdded: () => void }) {
  const roleId = useId();
  const empty = { email: "", name: "", role: "marketer" as UserRole, password: "" };
  const [draft, setDraft] = useState(empty);
  const [problems, setProblems] = useState<Problems | null>(null);
  const [status, setStatus] = useState("");

  async function add(e: FormEvent) {
    e.preventDefault();
    setProblems(null);
    setStatus("");
    try {
      await api.post("/api/v1/users", {
        email: draft.email.trim(),
        role: draft.role,
        ...(draft.name.trim() ? { name: draft.name.trim() } : {}),
        ...(draft.password ? { password: draft.password } : {}),
      });
      setStatus(`${draft.email.trim()} is added${draft.password ? ": give them their password to sign in." : "; set a password for them to sign in."}`);
      setDraft(empty);
      onAdded();
    } catch (err) {
      setProblems(problemsOf(err));
    }
  }

  return (
    <form className="add-form" onSubmit={(e) => void add(e)} aria-labelledby="add-user-title" noValidate>
      <h3 id="add-user-title">Add a user</h3>
      {problems && (
        <p role="alert" className="error">
          The user was not added: {problems.message}
        </p>
      )}
      <div className="grid-2">
        <TextField label="User email" type="email" value={draft.email} onChange={(email) => setDraft({ ...draft, email })} problem={problemAt(problems, "email")} />
        <TextField label="User name (optional)" value={draft.name} onChange={(name) => setDraft({ ...draft, name })} problem={problemAt(problems, "name")} />
        <div className="kit-field">
          <label htmlFor={roleId}>Role</label>
          <select id={roleId} value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value as UserRole })}>
            {ROLES.map((r) => (
              <option key={r.role} value={r.role}>
                {r.label}
              </option>
            ))}
          </select>
        </div>
        <TextField
          label="Initial password (optional)"
          hint={`At least ${MIN_PASSWORD} characters; without one they cannot sign in yet.`}
          value={draft.password}
          onChange={(password) => setDraft({ ...draft, password })}
          problem={problemAt(problems, "password")}
        />
      </div>
      <div className="actions">
        <button type="submit">Add the user</button>
        <span role="status" className="muted">
          {status}
        </span>
      </div>
    </form>
  );
}
