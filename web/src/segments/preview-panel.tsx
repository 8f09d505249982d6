import type { Preview } from "./use-preview.js";

/** The live count and sample beside the builder. */
export function PreviewPanel({ preview }: { preview: Preview }) {
  const shown = preview.state === "ready" ? preview : preview.state === "counting" ? preview.last : null;
  return (
    <aside className="panel seg-preview" aria-labelledby="seg-preview-title">
      <h2 id="seg-preview-title">Who matches now</h2>
      <div role="status" aria-live="polite" data-testid="segment-count" data-count={preview.state === "ready" ? preview.count : undefined}>
        {shown ? (
          <p className="seg-count">
            <strong>{shown.count.toLocaleString()}</strong> {shown.count === 1 ? "contact matches" : "contacts match"}
            {preview.state === "counting" && <span className="muted"> · counting…</span>}
          </p>
        ) : preview.state === "counting" ? (
          <p className="muted">Counting…</p>
        ) : null}
        {preview.state === "incomplete" && <p className="muted">Finish the conditions marked in red to see how many contacts match.</p>}
        {preview.state === "refused" && <p className="error">The rule cannot be counted: see the conditions marked in red.</p>}
        {preview.state === "failed" && <p className="error">Could not count: {preview.message}</p>}
      </div>
      {shown && shown.sample.length > 0 && (
        <>
          <h3>{shown.count > shown.sample.length ? `The first ${shown.sample.length}` : "All of them"}</h3>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Contact</th>
                <th scope="col">Stage</th>
                <th scope="col" className="num">
                  Score
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.sample.map((c) => (
                <tr key={c.id}>
                  <td>
                    <a href={`#/contacts/${encodeURIComponent(c.id)}`}>{c.email ?? c.externalId ?? c.id}</a>
                  </td>
                  <td>{c.lifecycleStage ?? <span className="muted">—</span>}</td>
                  <td className="num">{c.score}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {shown && shown.count === 0 && <p className="muted">No contact matches yet. A saved segment keeps watching: contacts enter as soon as they match.</p>}
    </aside>
  );
}
