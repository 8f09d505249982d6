import { useEffect, useState } from "react";
import type { TemplateOut } from "../../../src/schemas/template.js";
import { ApiError } from "../api.js";
import { formatTime } from "../format.js";
import type { ScreenProps } from "../screen-props.js";
import { CHANNEL_LABEL } from "./channels.js";
import { loadAll } from "./load-all.js";

/** The workspace's templates, last changed first, each opening its editor. */
export function TemplateList({ api, me, onSessionEnded }: ScreenProps) {
  const [templates, setTemplates] = useState<TemplateOut[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const canWrite = me.user.role !== "read_only";

  useEffect(() => {
    let live = true;
    loadAll<TemplateOut>(api, "/api/v1/templates")
      .then((rows) => live && setTemplates(rows.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))))
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 401) onSessionEnded();
        else if (live) setError((err as Error).message);
      });
    return () => {
      live = false;
    };
  }, [api, onSessionEnded]);

  return (
    <main className="main">
      <section className="contacts" aria-labelledby="templates-title">
        <div className="toolbar">
          <h2 id="templates-title">Templates</h2>
          {canWrite && <a className="tp-button" href="#/templates/new">New template</a>}
        </div>
        {error && (
          <p role="alert" className="error">
            The templates could not be loaded: {error}
          </p>
        )}
        {!templates && !error && (
          <p role="status" className="muted">
            Loading templates…
          </p>
        )}
        {templates?.length === 0 && (
          <div className="empty">
            <h3>No templates yet</h3>
            <p>
              A template is the content of a message: an email (MJML or HTML, with a subject and a preheader), an SMS or an in-app message, with merge fields
              such as <code>{"{{ contact.properties.first_name }}"}</code>. Workflows' send steps and broadcasts send templates.
            </p>
            {canWrite ? (
              <p>
                <a className="tp-button" href="#/templates/new">Write your first template</a>
              </p>
            ) : (
              <p className="muted">Your role can read templates; a marketer or an admin writes them.</p>
            )}
          </div>
        )}
        {templates && templates.length > 0 && (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Channel</th>
                <th scope="col" className="num">
                  Version
                </th>
                <th scope="col">Last change</th>
              </tr>
            </thead>
            <tbody>
              {templates.map((t) => (
                <tr key={t.id}>
                  <td>
                    <a href={`#/templates/${encodeURIComponent(t.id)}`} aria-label={`Open template ${t.name}`}>
                      {t.name}
                    </a>
                  </td>
                  <td>{CHANNEL_LABEL[t.channel]}</td>
                  <td className="num">{t.version}</td>
                  <td>{formatTime(t.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}
