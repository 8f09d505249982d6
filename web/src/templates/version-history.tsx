import { useEffect, useState } from "react";
import type { TemplateVersionOut } from "../../../src/schemas/template.js";
import type { Api } from "../api.js";
import { formatTime } from "../format.js";

/**
 * The saved versions of a template, newest first. Opening one puts its content in the editor;
 * saving it then makes it the latest version again (earlier versions are never changed).
 */
export function VersionHistory({ api, templateId, latest, onOpen, canWrite }: { api: Api; templateId: string; latest: number; onOpen: (v: TemplateVersionOut) => void; canWrite: boolean }) {
  const [versions, setVersions] = useState<TemplateVersionOut[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api
      .get<{ data: TemplateVersionOut[] }>(`/api/v1/templates/${encodeURIComponent(templateId)}/versions`)
      .then(({ data }) => live && setVersions(data))
      .catch((err: unknown) => live && setError((err as Error).message));
    return () => {
      live = false;
    };
  }, [api, templateId, latest]);

  return (
    <section aria-labelledby="tp-versions-title">
      <h3 id="tp-versions-title">Version history</h3>
      {error && (
        <p role="alert" className="error">
          The versions could not be loaded: {error}
        </p>
      )}
      {!versions && !error && <p className="muted">Loading versions…</p>}
      {versions && (
        <ol className="tp-versions" reversed>
          {versions.map((v) => (
            <li key={v.version}>
              <span>Version {v.version}</span>
              {v.version === latest && <span className="badge badge-ok">latest: sends use it</span>}
              <time className="muted" dateTime={v.createdAt}>
                {formatTime(v.createdAt)}
              </time>
              <button type="button" className="link" onClick={() => onOpen(v)} aria-label={`${canWrite ? "Edit from" : "Show"} version ${v.version}`}>
                {canWrite ? "Edit from this version" : "Show"}
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
