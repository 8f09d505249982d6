import { useState, type FormEvent } from "react";
import type { ContactOut as Contact, ContactSort } from "../../../src/schemas/contact.js";
import { withQuery, type Api, type Page } from "../api.js";
import { formatTime } from "../format.js";
import { ContactFilters } from "./contact-filters.js";
import { isFiltered, toggledSort, type ContactQuery } from "./contact-query.js";
import { EmptyState } from "./empty-state.js";
import { useLoad } from "../kit/index.js";

const PAGE_SIZE = 50;

/** The list's search, filters, order and the cursors of the pages before the current one ("Previous" goes back). */
export interface ListState {
  query: ContactQuery;
  cursors: (string | undefined)[];
}

interface Props {
  api: Api;
  state: ListState;
  onState: (state: ListState) => void;
  /** A line to show above the list, such as what was just erased. */
  notice: string | null;
  onUnauthorized: () => void;
}

/** Contacts 50 a page: searched, filtered, sorted by a column header; each opens its own page. */
export function ContactsTable({ api, state, onState, notice, onUnauthorized }: Props) {
  const { query, cursors } = state;
  const [draft, setDraft] = useState(query.q);
  const cursor = cursors[cursors.length - 1];
  const { view, reload, pending } = useLoad(
    () =>
      api.get<Page<Contact>>(
        withQuery("/api/v1/contacts", {
          limit: PAGE_SIZE,
          cursor,
          q: query.q,
          tag: query.tag,
          listId: query.listId,
          lifecycleStage: query.lifecycleStage,
          segmentId: query.segmentId,
          sort: query.sort,
          order: query.order,
        }),
      ),
    [api, query, cursor],
    onUnauthorized,
  );
  // A new search, filter or order starts again from the first page.
  const change = (c: Partial<ContactQuery>) => onState({ query: { ...query, ...c }, cursors: [undefined] });
  const search = (e: FormEvent) => {
    e.preventDefault();
    change({ q: draft.trim() });
  };

  const firstPage = cursors.length === 1;
  if (view.state === "ready" && view.data.data.length === 0 && firstPage && !isFiltered(query)) return <EmptyState />;

  return (
    <section className="contacts" aria-labelledby="contacts-title">
      <div className="toolbar">
        <h2 id="contacts-title">Contacts</h2>
        <form role="search" onSubmit={search} className="search">
          <label htmlFor="contact-search" className="visually-hidden">
            Search contacts by email, user id, name or any property
          </label>
          <input id="contact-search" type="search" value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="Email, user id, name, company…" />
          <button type="submit">Search</button>
        </form>
      </div>
      <ContactFilters api={api} query={query} onChange={change} />
      {isFiltered(query) && (
        <button
          type="button"
          className="link clear-filters"
          onClick={() => {
            setDraft("");
            change({ q: "", tag: "", listId: "", lifecycleStage: "", segmentId: "" });
          }}
        >
          Clear the search and filters
        </button>
      )}
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {view.state === "failed" && (
        <div role="alert" className="error">
          Could not load contacts: {view.message}{" "}
          <button type="button" className="link" onClick={reload}>
            Try again
          </button>
        </div>
      )}
      {view.state === "loading" && (
        <p className="muted" role="status">
          Loading contacts…
        </p>
      )}
      {view.state === "ready" && (
        <>
          {pending && (
            <p className="muted updating" role="status">
              Updating…
            </p>
          )}
          <table className="table contacts-table" aria-busy={pending}>
            <thead>
              <tr>
                <SortHeader label="Email" by="email" query={query} onSort={change} />
                <th scope="col">External id</th>
                <SortHeader label="Stage" by="lifecycleStage" query={query} onSort={change} />
                <SortHeader label="Score" by="score" query={query} onSort={change} numeric />
                <th scope="col">Tags</th>
                <SortHeader label="Created" by="createdAt" query={query} onSort={change} />
                <SortHeader label="Updated" by="updatedAt" query={query} onSort={change} />
              </tr>
            </thead>
            <tbody>
              {view.data.data.map((c) => (
                <tr key={c.id}>
                  <td>
                    <a href={`#/contacts/${encodeURIComponent(c.id)}`} aria-label={`Open contact ${c.email ?? c.externalId ?? c.id}`}>
                      {c.email ?? <span className="muted">no email</span>}
                    </a>
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
                  <td>{formatTime(c.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {view.data.data.length === 0 && <p className="muted">No contact matches this search and these filters.</p>}
          <nav className="pager" aria-label="Pages of contacts">
            <button type="button" disabled={firstPage} onClick={() => onState({ query, cursors: cursors.slice(0, -1) })}>
              Previous page
            </button>
            <button type="button" disabled={!view.data.nextCursor} onClick={() => view.data.nextCursor && onState({ query, cursors: [...cursors, view.data.nextCursor] })}>
              Next page
            </button>
          </nav>
        </>
      )}
    </section>
  );
}

/** A column header that sorts by its column; `aria-sort` tells which way it is sorted now. */
function SortHeader({ label, by, query, onSort, numeric }: { label: string; by: ContactSort; query: ContactQuery; onSort: (c: Partial<ContactQuery>) => void; numeric?: boolean }) {
  const active = query.sort === by;
  const direction = active ? (query.order === "asc" ? "ascending" : "descending") : "none";
  return (
    <th scope="col" className={numeric ? "num" : undefined} aria-sort={direction}>
      <button type="button" className="sort" onClick={() => onSort(toggledSort(query, by))} aria-label={`Sort by ${label.toLowerCase()}${active ? ` (now ${direction})` : ""}`}>
        {label}
        <span aria-hidden="true" className="sort-mark">
          {active ? (query.order === "asc" ? "▲" : "▼") : "↕"}
        </span>
      </button>
    </th>
  );
}
