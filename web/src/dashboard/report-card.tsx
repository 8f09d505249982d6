import type { ReactNode } from "react";
import type { Load } from "../kit/index.js";

/** One report of the dashboard: its title, then the report, or while it loads or after it failed, saying so. */
export function ReportCard<T>({ id, title, view, onRetry, children }: { id: string; title: string; view: Load<T>; onRetry: () => void; children: (data: T) => ReactNode }) {
  return (
    <section className="report card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {view.state === "loading" && (
        <p className="muted" role="status">
          Loading…
        </p>
      )}
      {view.state === "failed" && (
        <div role="alert" className="error">
          Could not load this report: {view.message}{" "}
          <button type="button" className="link" onClick={onRetry}>
            Try again
          </button>
        </div>
      )}
      {view.state === "ready" && children(view.data)}
    </section>
  );
}
