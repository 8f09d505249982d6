import { useCallback, useEffect, useState, type FormEvent } from "react";
import { SiteTrackingUpdate, type SiteTrackingSettings } from "../../../src/schemas/site-tracking.js";
import { CopyButton, problemAt, problemsOf, ResourceStatus, TextField, useResource, type Problems } from "../kit/index.js";
import type { SectionProps } from "./sections.js";

/** The sites whose pages may send events from a browser, and the tag to paste in them (docs/web-tracking.md). */
export function WebTracking({ api, canWrite, onSessionEnded }: SectionProps) {
  const load = useCallback(() => api.get<SiteTrackingSettings>("/api/v1/site-tracking"), [api]);
  const [resource, reload] = useResource(load, onSessionEnded);
  const [settings, setSettings] = useState<SiteTrackingSettings | null>(null);
  const [origins, setOrigins] = useState("");
  const [problems, setProblems] = useState<Problems | null>(null);
  const [status, setStatus] = useState("");
  useEffect(() => {
    if (resource.state !== "ready") return;
    setSettings(resource.data);
    setOrigins(resource.data.allowedOrigins.join("\n"));
  }, [resource]);

  if (resource.state !== "ready" || !settings) return <ResourceStatus resource={resource} what="the web tracking settings" onRetry={reload} />;
  const { allowedOrigins, snippet } = settings;

  async function save(e: FormEvent) {
    e.preventDefault();
    setProblems(null);
    setStatus("");
    // Checked here with the server's own schema, so that a typo is named at once; the server checks again.
    const update = SiteTrackingUpdate.safeParse({ allowedOrigins: origins.split(/\s+/).filter(Boolean) });
    if (!update.success) {
      const byField = new Map(update.error.issues.map((i) => [i.path.join("."), i.message]));
      setProblems({ byField, message: [...byField].map(([field, message]) => `${field}: ${message}`).join("; ") });
      return;
    }
    try {
      const saved = await api.request<SiteTrackingSettings>("PUT", "/api/v1/site-tracking", update.data);
      setSettings(saved);
      setOrigins(saved.allowedOrigins.join("\n"));
      setStatus(saved.allowedOrigins.length ? "Saved: pages of these sites may now send events." : "Saved: no site may send events from a browser.");
    } catch (err) {
      setProblems(problemsOf(err));
    }
  }

  const originProblem = problems && [...problems.byField].find(([field]) => field.startsWith("allowedOrigins"));
  return (
    <div>
      <p>
        The tracking script records page views, their UTM parameters and time on page on your website, and ties them to the contact when the visitor submits a
        form or follows a tracked email link. Segments and workflows then see them as “Page Viewed” events.
      </p>
      {allowedOrigins.length === 0 && (
        <p className="kit-hint">
          No site is tracked yet. Add your website's address below (such as https://www.example.com){canWrite ? ", save," : " (a marketer or admin can),"} then
          paste the tag in its pages.
        </p>
      )}
      <form onSubmit={(e) => void save(e)} aria-label="Tracked sites" noValidate>
        {problems && (
          <p role="alert" className="error">
            The sites were not saved: {problems.message}
          </p>
        )}
        <fieldset disabled={!canWrite} className="plain">
          <TextField
            label="Tracked sites, one origin per line"
            hint="Scheme and host, with the port if it is not the default, no path; * alone allows any site. Tracked email links into these sites carry the visitor's link token."
            multiline
            value={origins}
            onChange={setOrigins}
            placeholder="https://www.example.com"
            problem={originProblem ? `${originProblem[0]}: ${originProblem[1]}` : problemAt(problems, "allowedOrigins")}
          />
        </fieldset>
        {canWrite ? (
          <div className="actions">
            <button type="submit">Save the tracked sites</button>
            <span role="status" className="muted">
              {status}
            </span>
          </div>
        ) : (
          <p className="muted">Changing the tracked sites needs the marketer or admin role.</p>
        )}
      </form>
      <h3>The tag for your pages</h3>
      <p>
        Paste it in every page, with a write key in place of YOUR_WRITE_KEY (an admin creates one under API keys, kind “write”; it can only send events, so it
        is safe in a page). Never put a secret key in a page.
      </p>
      <pre aria-label="Tracking tag">
        <code>{snippet}</code>
      </pre>
      <CopyButton text={snippet} label="Copy the tag" />
    </div>
  );
}
