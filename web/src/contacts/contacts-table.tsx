import { useEffect, useState, type FormEvent } from "react";
import type { ContactOut as Contact } from "../../../src/schemas/contact.js";
import { ApiError, withQuery, type Api, type Page } from "../api.js";
import { EmptyState } from "./empty-state.js";
import { formatTime } from "../format.js";

const PAGE_SIZE = 50;

interface Props {
  api: Api;
  selectedId: string | undefined;
  onSelect: (contact: Contact) => void;
  /** The key stopped working (revoked): back to the sign-in box. */
  onUnauthorized: () => void;
}

/** Contacts in creation order, 50 a page, searchable by email or external id. */
export function ContactsTable({ api, selectedId, onSelect, onUnauthorized }: Props) {
  const [draft, setDraft] = useState("");
  const [q, setQ] = useState("");
  // Cursors of the pages before the current one, so "Previous" can go back.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const [page, setPage] = useState<Page<Contact> | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    api
      .get<Page<Contact>>(withQuery("/api/v1/contacts", { limit: PAGE_SIZE, q, cursor }))
      .then((p) => live && setPage(p))
      .catch((err: unknown) => {
        if (!live) return;
        if (err instanceof ApiError && err.status === 401) onUnauthorized();
        else setError((err as Error).message);
      });
    return () => {
      live = false;
    };
  }, [api, q, cursor, onUnauthorized]);

  function search(e: FormEvent) {
    e.preventDefault();
    setQ(draft.trim());
    setCursors([undefined]);
  }

  const firstPage = cursors.length === 1;
  if (page && page.data.length === 0 && firstPage && !q) return <EmptyState />;

  return (
    <section className="contacts" aria-labelledby="contacts-title">
      <div className="toolbar">
        <h2 id="contacts-title">Contacts</h2>
        <form role="search" onSubmit={search} className="search">
          <label htmlFor="contact-search" className="visually-hidden">
            Search contacts by email or external id
          </label>
          <input id="contact-search" type="search" value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="Search email or user id" />
          <button type="submit">Search</button>
        </form>
      </div>
      {error && (
        <p role="alert" className="error">
          Could not load contacts: {error}
        </p>
      )}
      {!page && !error && <p className="muted">Loading…</p>}
      {page && (
        <>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">External id</th>
                <th scope="col">Stage</th>
                <th scope="col" className="num">
                  Score
                </th>
                <th scope="col">Tags</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {page.data.map((c) => (
                <tr key={c.id} className={c.id === selectedId ? "selected" : undefined}>
                  <td>
                    <button type="button" className="link" onClick={() => onSelect(c)} aria-label={`Open contact ${c.email ?? c.externalId ?? c.id}`}>
                      {c.email ?? <span className="muted">no email</span>}
                    </button>
                  </td>
                  <td>{c.externalId ?? <span className="muted">—</span>}</td>
                  <td>{c.lifecycleStage ?? <span className="muted">—</span>}</td>
                  <td className="num">{c.score}</td>
                  <td>
                    {c.tags.map((t) => (
                      <span key={t} className="tag">
                        {t}
                      </span>
                    ))}
                  </td>
                  <td>{formatTime(c.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {page.data.length === 0 && <p className="muted">No contact matches “{q}”.</p>}
          <nav className="pager" aria-label="Pages of contacts">
            <button type="button" disabled={firstPage} onClick={() => setCursors((cs) => cs.slice(0, -1))}>
              Previous page
            </button>
            <button type="button" disabled={!page.nextCursor} onClick={() => page.nextCursor && setCursors((cs) => [...cs, page.nextCursor!])}>
              Next page
            </button>
          </nav>
        </>
      )}
    </section>
  );
}
