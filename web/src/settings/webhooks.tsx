import { useCallback, useState, type FormEvent } from "react";
import { WEBHOOK_EVENT_TYPES, type WebhookSubscription, type WebhookSubscriptionWithSecret } from "../../../src/schemas/webhook-subscription.js";
import type { Page } from "../api.js";
import { ConfirmButton, CopyButton, problemAt, problemsOf, ResourceStatus, TextField, useAction, useResource, type Problems } from "../kit/index.js";
import type { SectionProps } from "./sections.js";
import { WebhookDeliveries } from "./webhook-deliveries.js";

/** Outbound webhook subscriptions (docs/crm.md): contact events POSTed to a URL, signed; each with its delivery log. */
export function Webhooks({ api, canWrite, onSessionEnded }: SectionProps) {
  const load = useCallback(() => api.get<Page<WebhookSubscription>>("/api/v1/webhook-subscriptions?limit=200").then((r) => r.data), [api]);
  const [resource, reload] = useResource(load, onSessionEnded);
  const [secret, setSecret] = useState<WebhookSubscriptionWithSecret | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [revision, setRevision] = useState(0);
  const afterChange = useCallback(() => {
    reload();
    setRevision((r) => r + 1);
  }, [reload]);
  const { error, act } = useAction(afterChange);

  if (resource.state !== "ready") return <ResourceStatus resource={resource} what="the webhook subscriptions" onRetry={reload} />;
  const path = (id: string, rest = "") => `/api/v1/webhook-subscriptions/${encodeURIComponent(id)}${rest}`;
  return (
    <>
      <p>
        Parcours POSTs contact events (created, properties, stage, owner, score…) to these URLs as they happen, signed per Standard Webhooks with each
        subscription's secret, and retries a failed delivery up to 7 times over about 28 hours. See <code>docs/crm.md</code> for the payloads and how to verify them.
      </p>
      {secret && (
        <div className="secret" role="region" aria-labelledby="webhook-secret-title">
          <h3 id="webhook-secret-title">Signing secret of {secret.url}</h3>
          <p>
            <code data-testid="webhook-secret">{secret.secret}</code>
          </p>
          <p>
            Copy it now: it is shown only this once. <CopyButton text={secret.secret} label="Copy the secret" />
          </p>
          <button type="button" className="secondary" onClick={() => setSecret(null)}>
            I have saved it
          </button>
        </div>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {resource.data.length === 0 && <p className="muted">No webhook subscriptions yet. {canWrite ? "Add your CRM's or your own endpoint below." : ""}</p>}
      {resource.data.map((s) => (
        <article key={s.id} className="subscription" aria-labelledby={`sub-${s.id}`}>
          <div className="toolbar">
            <h3 id={`sub-${s.id}`}>
              <code>{s.url}</code> {!s.enabled && <span className="badge">disabled</span>}
            </h3>
            <div className="cell-actions">
              <button type="button" className="secondary" aria-expanded={open === s.id} onClick={() => setOpen(open === s.id ? null : s.id)}>
                {open === s.id ? "Hide the delivery log" : "Delivery log"}
              </button>
              {canWrite && (
                <>
                  <button type="button" className="secondary" onClick={() => void act(() => api.post(path(s.id, "/test")).then(() => setOpen(s.id)))}>
                    Send a test event
                  </button>
                  <button type="button" className="secondary" onClick={() => void act(() => api.request("PATCH", path(s.id), { enabled: !s.enabled }))}>
                    {s.enabled ? "Disable" : "Enable"}
                  </button>
                  <button type="button" className="secondary" onClick={() => void act(() => api.post<WebhookSubscriptionWithSecret>(path(s.id, "/rotate-secret")).then(setSecret))}>
                    New secret
                  </button>
                  <ConfirmButton label="Delete" name={`Delete subscription ${s.url}`} question="Delete this subscription and its delivery log?" onConfirm={() => void act(() => api.request("DELETE", path(s.id)))} />
                </>
              )}
            </div>
          </div>
          <p className="muted">
            {s.description ? `${s.description} · ` : ""}
            {s.eventTypes.join(", ")}
          </p>
          {open === s.id && <WebhookDeliveries api={api} subscriptionId={s.id} revision={revision} />}
        </article>
      ))}
      {canWrite && (
        <AddSubscription
          api={api}
          onAdded={(created) => {
            setSecret(created);
            reload();
          }}
        />
      )}
    </>
  );
}

function AddSubscription({ api, onAdded }: { api: SectionProps["api"]; onAdded: (created: WebhookSubscriptionWithSecret) => void }) {
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [types, setTypes] = useState<string[]>(["contact.created", "lifecycle.changed"]);
  const [problems, setProblems] = useState<Problems | null>(null);

  async function add(e: FormEvent) {
    e.preventDefault();
    setProblems(null);
    try {
      onAdded(await api.post<WebhookSubscriptionWithSecret>("/api/v1/webhook-subscriptions", { url: url.trim(), eventTypes: types, ...(description.trim() ? { description: description.trim() } : {}) }));
      setUrl("");
      setDescription("");
    } catch (err) {
      setProblems(problemsOf(err));
    }
  }

  return (
    <form className="add-form" onSubmit={(e) => void add(e)} aria-labelledby="add-webhook-title" noValidate>
      <h3 id="add-webhook-title">Add a subscription</h3>
      {problems && (
        <p role="alert" className="error">
          The subscription was not added: {problems.message}
        </p>
      )}
      <div className="grid-2">
        <TextField label="Endpoint URL" type="url" placeholder="https://crm.example.com/hooks/parcours" value={url} onChange={setUrl} problem={problemAt(problems, "url")} />
        <TextField label="Subscription description (optional)" value={description} onChange={setDescription} problem={problemAt(problems, "description")} />
      </div>
      <fieldset className="event-types">
        <legend>Events to send</legend>
        {WEBHOOK_EVENT_TYPES.map((t) => (
          <label key={t} className="kit-check">
            <input type="checkbox" checked={types.includes(t)} onChange={(e) => setTypes(e.target.checked ? [...types, t] : types.filter((x) => x !== t))} /> {t}
          </label>
        ))}
        {problemAt(problems, "eventTypes") && <span className="kit-problem">{problemAt(problems, "eventTypes")}</span>}
      </fieldset>
      <div className="actions">
        <button type="submit">Add the subscription</button>
      </div>
    </form>
  );
}
