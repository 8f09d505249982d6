import { useCallback, useEffect, useState } from "react";
import type { MailboxMessageOut } from "../../../src/schemas/delivery-api.js";
import type { Api, Page } from "../api.js";
import { formatTime } from "../format.js";

type Summary = Omit<MailboxMessageOut, "text" | "html" | "headers">;

/**
 * The local mailbox: the emails Parcours kept instead of sending while no SMTP_URL is set, newest
 * first; opening one shows it as sent (HTML in a sandboxed frame), its text part and headers.
 */
export function MailboxScreen({ api }: { api: Api }) {
  const [page, setPage] = useState<Page<Summary> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<MailboxMessageOut | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      setPage(await api.get<Page<Summary>>("/api/v1/mailbox?limit=50"));
    } catch (err) {
      setError((err as Error).message);
    }
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);

  const show = async (id: string) => {
    try {
      setOpen(await api.get<MailboxMessageOut>(`/api/v1/mailbox/${encodeURIComponent(id)}`));
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <main className={open ? "main with-panel" : "main"}>
      <section className="contacts" aria-labelledby="mailbox-title">
        <div className="toolbar">
          <h2 id="mailbox-title">Mailbox</h2>
          <button type="button" onClick={() => void load()}>
            Refresh
          </button>
        </div>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {!page && !error && (
          <p role="status" className="muted">
            Loading…
          </p>
        )}
        {page && page.data.length === 0 && (
          <p className="muted">
            No emails yet. Without <code>SMTP_URL</code>, every email a workflow, a broadcast or a test send sends lands here: publish a workflow with a
            send-email step, or test-send a template.
          </p>
        )}
        {page && page.data.length > 0 && (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">To</th>
                <th scope="col">Subject</th>
                <th scope="col">From</th>
                <th scope="col">Kept</th>
              </tr>
            </thead>
            <tbody>
              {page.data.map((m) => (
                <tr key={m.id} className={open?.id === m.id ? "selected" : undefined}>
                  <td>{m.to}</td>
                  <td>
                    <button type="button" className="link" onClick={() => void show(m.id)}>
                      {m.subject || "(no subject)"}
                    </button>
                  </td>
                  <td>{m.from}</td>
                  <td>{formatTime(m.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {open && (
        <aside className="panel" aria-labelledby="message-title">
          <div className="panel-head">
            <h2 id="message-title">{open.subject}</h2>
            <button type="button" className="link" onClick={() => setOpen(null)}>
              Close
            </button>
          </div>
          <dl className="facts">
            <dt>From</dt>
            <dd>{open.from}</dd>
            <dt>To</dt>
            <dd>{open.to}</dd>
            <dt>Kept</dt>
            <dd>{formatTime(open.createdAt)}</dd>
          </dl>
          <h3>As sent</h3>
          {/* Sandboxed: the message's HTML runs no script and cannot reach this page. */}
          <iframe title={`Email: ${open.subject}`} className="message-frame" sandbox="" srcDoc={withoutOpenPixel(open.html)} />
          <h3>Text part</h3>
          <pre className="message-text">{open.text}</pre>
          <h3>Headers</h3>
          <dl className="facts">
            {Object.entries(open.headers).map(([k, v]) => (
              <div key={k} style={{ display: "contents" }}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </aside>
      )}
    </main>
  );
}

/** The message without the open pixel Parcours adds (src/messaging/tracking): reading it here is not the recipient opening it. */
function withoutOpenPixel(html: string): string {
  return html.replace(/<img src="[^"]*\/t\/o\/[^"]*"[^>]*>/g, "");
}
