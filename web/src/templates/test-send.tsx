import { useState } from "react";
import { ApiError, type Api } from "../api.js";
import { errorOf, Labelled } from "./labelled.js";

type Outcome = { ok: true; to: string; via: "smtp" | "mailbox" } | { ok: false; message: string; fields: { field: string; message: string }[] };

/**
 * Sends the saved email to an address now, marked [Test]: by SMTP when the server has one, else
 * into the local mailbox, which the outcome links to. `disabledWhy` explains why it cannot yet.
 */
export function TestSend({ api, templateId, defaultTo, disabledWhy }: { api: Api; templateId: string; defaultTo: string; disabledWhy: string | null }) {
  const [to, setTo] = useState(defaultTo);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const send = async () => {
    setBusy(true);
    setOutcome(null);
    try {
      const res = await api.post<{ via: "smtp" | "mailbox" }>(`/api/v1/templates/${encodeURIComponent(templateId)}/test-send`, { to });
      setOutcome({ ok: true, to, via: res.via });
    } catch (err) {
      setOutcome({ ok: false, message: (err as Error).message, fields: err instanceof ApiError ? err.fields : [] });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="tp-test-send"
      aria-label="Test send"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <h3>Test send</h3>
      <Labelled label="Send a test to" error={outcome && !outcome.ok ? (errorOf(outcome.fields, "to") ?? outcome.message) : undefined} hint={disabledWhy ?? "Rendered with sample data, subject marked [Test]"}>
        {(c) => <input {...c} type="email" required value={to} onChange={(e) => setTo(e.target.value)} autoComplete="email" />}
      </Labelled>
      <button type="submit" disabled={busy || disabledWhy !== null || to.trim() === ""}>
        {busy ? "Sending…" : "Send test"}
      </button>
      {outcome?.ok && (
        <p role="status" className="tp-ok">
          Sent to {outcome.to}
          {outcome.via === "mailbox" ? (
            <>
              {" "}
              — no SMTP server is set, so it is kept in the <a href="#/mailbox">Mailbox</a>.
            </>
          ) : (
            " through the SMTP server."
          )}
        </p>
      )}
    </form>
  );
}
