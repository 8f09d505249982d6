import { useId, useState, type FormEvent } from "react";
import type { Me } from "../../src/schemas/sign-in.js";
import { ApiError, type Api, type FieldError } from "./api.js";

interface Props {
  api: Api;
  /** `setup` while the install has no admin yet (GET /api/v1/auth/setup says so). */
  mode: "login" | "setup";
  /** Why the user is here again (their session ended), announced above the form. */
  notice?: string | undefined;
  onSignedIn: (me: Me) => void;
}

const MIN_PASSWORD = 10;

/** Email and password sign-in, or on an empty install the form that creates the first admin. */
export function SignIn({ api, mode, notice, onSignedIn }: Props) {
  const setup = mode === "setup";
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setFields([]);
    if (setup && password !== confirm) {
      setFields([{ field: "confirm", message: "The two passwords differ." }]);
      setError("The two passwords differ.");
      return;
    }
    setBusy(true);
    try {
      const me = setup
        ? await api.post<Me>("/api/v1/auth/setup", { email, password, ...(name.trim() ? { name: name.trim() } : {}) })
        : await api.post<Me>("/api/v1/auth/login", { email, password });
      onSignedIn(me);
    } catch (err) {
      const failure = err instanceof ApiError ? err : new ApiError(0, String((err as Error).message));
      setFields(failure.fields);
      setError(messageFor(failure, setup));
    } finally {
      setBusy(false);
    }
  }

  const problem = (field: string) => fields.find((f) => f.field === field)?.message;
  return (
    <main className="sign-in">
      <form onSubmit={submit} className="card" aria-labelledby="sign-in-title" aria-describedby="sign-in-help" noValidate>
        <h1 id="sign-in-title">{setup ? "Welcome to Parcours" : "Sign in to Parcours"}</h1>
        <p id="sign-in-help">
          {setup
            ? "Nobody can sign in yet. Create the first admin account: it can then add the rest of your team."
            : "Sign in with the email and password an admin gave you."}
        </p>
        {notice && !error && (
          <p role="status" className="hint">
            {notice}
          </p>
        )}
        <Field label="Email" type="email" autoComplete="username" value={email} onChange={setEmail} problem={problem("email")} required />
        {setup && <Field label="Your name (optional)" type="text" autoComplete="name" value={name} onChange={setName} problem={problem("name")} />}
        <Field
          label="Password"
          type="password"
          autoComplete={setup ? "new-password" : "current-password"}
          value={password}
          onChange={setPassword}
          problem={problem("password")}
          hint={setup ? `At least ${MIN_PASSWORD} characters.` : undefined}
          required
        />
        {setup && (
          <Field label="Repeat the password" type="password" autoComplete="new-password" value={confirm} onChange={setConfirm} problem={problem("confirm")} required />
        )}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? (setup ? "Creating…" : "Signing in…") : setup ? "Create the admin account" : "Sign in"}
        </button>
        {!setup && (
          <p className="hint">
            Forgot your password? An admin can set a new one, or an operator with <code>npx parcours users password --email you@example.com --password-stdin</code>.
          </p>
        )}
      </form>
    </main>
  );
}

interface FieldProps {
  label: string;
  type: "email" | "text" | "password";
  autoComplete: string;
  value: string;
  onChange: (value: string) => void;
  problem: string | undefined;
  hint?: string | undefined;
  required?: boolean;
}

/** A labelled input whose hint and error are tied to it for screen readers. */
function Field({ label, type, autoComplete, value, onChange, problem, hint, required }: FieldProps) {
  const id = useId();
  const described = [hint && `${id}-hint`, problem && `${id}-problem`].filter(Boolean).join(" ") || undefined;
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        autoComplete={autoComplete}
        spellCheck={false}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required={required}
        aria-invalid={problem ? true : undefined}
        aria-describedby={described}
      />
      {hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
      {problem && (
        <span id={`${id}-problem`} className="error">
          {problem}
        </span>
      )}
    </>
  );
}

function messageFor(err: ApiError, setup: boolean): string {
  if (err.status === 401) return "Wrong email or password.";
  if (err.status === 429) return `Too many failed attempts: ${err.message}.`;
  if (err.status === 409 && setup) return "An admin already exists: reload the page to sign in.";
  if (err.fields.length) return err.fields.map((f) => `${labelOf(f.field)} ${f.message}.`).join(" ");
  return err.status === 0 ? "The server cannot be reached." : err.message;
}

function labelOf(field: string): string {
  return field === "email" ? "Email:" : field === "password" ? "Password:" : field === "name" ? "Name:" : `${field}:`;
}
