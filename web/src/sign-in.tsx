import { useState, type FormEvent } from "react";
import { ApiError, createApi } from "./api.js";

/** Asks for a secret key and checks it against the API before keeping it. */
export function SignIn({ onSignIn }: { onSignIn: (key: string) => void }) {
  const [key, setKey] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const candidate = key.trim();
    if (!candidate) return;
    setBusy(true);
    setError(null);
    try {
      await createApi(candidate).get("/api/v1/contacts?limit=1");
      onSignIn(candidate);
    } catch (err) {
      setError(err instanceof ApiError && (err.status === 401 || err.status === 403) ? `This key was refused: ${err.message}.` : String((err as Error).message));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <form onSubmit={submit} className="card" aria-describedby="sign-in-help">
        <h1>Parcours</h1>
        <p id="sign-in-help">
          Sign in with a <strong>secret API key</strong> (it starts with <code>pc_sk_</code>). The server printed one when it first
          started; you can create another with <code>npx parcours keys create --kind secret</code>.
        </p>
        <label htmlFor="secret-key">Secret API key</label>
        <input
          id="secret-key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={key}
          onChange={(e) => setKey(e.target.value)}
          placeholder="pc_sk_…"
          required
        />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? "Checking…" : "Sign in"}
        </button>
        <p className="hint">The key is kept in this browser only (localStorage) until you sign out.</p>
      </form>
    </main>
  );
}
