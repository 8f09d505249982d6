import { useCallback } from "react";
import type { FormEmbed, FormOut } from "../../../src/schemas/form.js";
import type { Api } from "../api.js";
import { CopyButton, ResourceStatus, useResource } from "../kit/index.js";
import { FormSubmissions } from "./form-submissions.js";

/**
 * The saved form as visitors see it: its hosted page in a sandboxed frame (no script, and it
 * cannot be submitted from here), its address, the snippet that embeds it in another site, and
 * its latest submissions.
 */
export function FormPreview({ api, form, revision }: { api: Api; form: FormOut; revision: number }) {
  const path = `/f/${encodeURIComponent(form.id)}`;
  // `revision` is a dependency so that the snippet is fetched again after each save.
  const load = useCallback(() => api.get<FormEmbed>(`/api/v1/forms/${encodeURIComponent(form.id)}/embed`), [api, form.id, revision]);
  const [embed, reload] = useResource(load);
  return (
    <aside className="card preview" aria-labelledby="preview-title">
      <h3 id="preview-title">Preview of the hosted page</h3>
      <iframe key={revision} title={`Hosted page of ${form.name}`} className="form-frame" sandbox="" src={path} />
      <p>
        <a href={path} target="_blank" rel="noreferrer">
          Open the hosted page
        </a>{" "}
        <span className="muted">at</span> <code>{form.pageUrl}</code> <CopyButton text={form.pageUrl} label="Copy the address" />
      </p>
      <h3>Embed in your site</h3>
      <p className="muted">
        Paste this where the form should appear, and add your site's origin to “Sites allowed to embed the form”. It works without script too.
      </p>
      <ResourceStatus resource={embed} what="the snippet" onRetry={reload} />
      {embed.state === "ready" && (
        <>
          <pre className="snippet" tabIndex={0} aria-label="Embed snippet">
            <code>{embed.data.html}</code>
          </pre>
          <CopyButton text={embed.data.html} label="Copy the snippet" />
        </>
      )}
      <FormSubmissions api={api} formId={form.id} />
    </aside>
  );
}
