import { useId } from "react";
import { problemAt, TextField, type Problems } from "../kit/index.js";
import type { FormDraft } from "./form-draft.js";
import type { FormChoices } from "./use-form-choices.js";

interface Props {
  draft: FormDraft;
  onChange: (draft: FormDraft) => void;
  problems: Problems | null;
  choices: FormChoices;
}

/** What the form does beyond its fields: the consent box, double opt-in, what success shows, who may embed it. */
export function FormBehaviour({ draft, onChange, problems, choices }: Props) {
  const ids = { topic: useId(), template: useId(), success: useId() };
  const { consent, doubleOptIn: doi, success } = draft;
  const p = (path: string) => problemAt(problems, `definition.${path}`);
  return (
    <>
      <section aria-labelledby={`${ids.topic}-title`}>
        <h3 id={`${ids.topic}-title`}>Consent</h3>
        <label className="kit-check">
          <input type="checkbox" checked={consent.enabled} onChange={(e) => onChange({ ...draft, consent: { ...consent, enabled: e.target.checked } })} /> Add a consent
          checkbox that subscribes the contact to a topic
        </label>
        {consent.enabled && (
          <div className="indent">
            <div className="kit-field">
              <label htmlFor={ids.topic}>Subscription topic</label>
              <select id={ids.topic} value={consent.topicId} onChange={(e) => onChange({ ...draft, consent: { ...consent, topicId: e.target.value } })} aria-invalid={p("consent.topicId") ? true : undefined}>
                <option value="">Choose a topic…</option>
                {(choices.topics ?? []).map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
              {choices.topics?.length === 0 && (
                <span className="kit-hint">
                  No topics yet: add one in <a href="#/settings/topics">Settings → Subscription topics</a>.
                </span>
              )}
              {p("consent.topicId") && <span className="kit-problem">{p("consent.topicId")}</span>}
            </div>
            <TextField
              label="Consent checkbox text"
              placeholder="Send me new guides (about one email a month)"
              value={consent.label}
              onChange={(label) => onChange({ ...draft, consent: { ...consent, label } })}
              problem={p("consent.label")}
            />
            <label className="kit-check">
              <input type="checkbox" checked={consent.required} onChange={(e) => onChange({ ...draft, consent: { ...consent, required: e.target.checked } })} /> The box must be
              ticked to submit
            </label>
          </div>
        )}
      </section>

      <section aria-labelledby={`${ids.template}-title`}>
        <h3 id={`${ids.template}-title`}>Double opt-in</h3>
        <label className="kit-check">
          <input type="checkbox" checked={doi.enabled} onChange={(e) => onChange({ ...draft, doubleOptIn: { ...doi, enabled: e.target.checked } })} /> Ask people to confirm
          their address by email before anything is stored on a contact
        </label>
        {doi.enabled && (
          <div className="indent">
            <div className="kit-field">
              <label htmlFor={ids.template}>Confirmation email</label>
              <select id={ids.template} value={doi.templateId} onChange={(e) => onChange({ ...draft, doubleOptIn: { ...doi, templateId: e.target.value } })}>
                <option value="">The built-in email</option>
                {choices.emailTemplates.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
              <span className="kit-hint">A template gets the link as {"{{ confirm_url }}"}.</span>
              {p("doubleOptIn.templateId") && <span className="kit-problem">{p("doubleOptIn.templateId")}</span>}
            </div>
            {!doi.templateId && (
              <TextField label="Subject of the built-in email" value={doi.subject} onChange={(subject) => onChange({ ...draft, doubleOptIn: { ...doi, subject } })} problem={p("doubleOptIn.subject")} />
            )}
            <TextField
              label="Shown after submitting, until confirmed"
              multiline
              value={doi.message}
              onChange={(message) => onChange({ ...draft, doubleOptIn: { ...doi, message } })}
              problem={p("doubleOptIn.message")}
            />
          </div>
        )}
      </section>

      <section aria-labelledby={`${ids.success}-title`}>
        <h3 id={`${ids.success}-title`}>After a submission</h3>
        <div role="radiogroup" aria-labelledby={`${ids.success}-title`} className="radios">
          <label className="kit-check">
            <input type="radio" name={ids.success} checked={success.kind === "message"} onChange={() => onChange({ ...draft, success: { ...success, kind: "message" } })} /> Show a
            message
          </label>
          <label className="kit-check">
            <input type="radio" name={ids.success} checked={success.kind === "redirect"} onChange={() => onChange({ ...draft, success: { ...success, kind: "redirect" } })} /> Send
            the browser to a page
          </label>
        </div>
        {success.kind === "message" ? (
          <TextField label="Success message" multiline value={success.message} onChange={(message) => onChange({ ...draft, success: { ...success, message } })} problem={p("success")} />
        ) : (
          <TextField
            label="Redirect URL"
            type="url"
            placeholder="https://www.example.com/thanks"
            value={success.redirectUrl}
            onChange={(redirectUrl) => onChange({ ...draft, success: { ...success, redirectUrl } })}
            problem={p("success")}
          />
        )}
        <TextField label="Submit button text" value={draft.submitLabel} onChange={(submitLabel) => onChange({ ...draft, submitLabel })} problem={p("submitLabel")} />
      </section>

      <section aria-labelledby="origins-title">
        <h3 id="origins-title">Embedding</h3>
        <TextField
          label="Sites allowed to embed the form"
          multiline
          hint="One origin a line, such as https://www.example.com (no path), or * for any. Empty: only the hosted page posts it."
          value={draft.allowedOrigins}
          onChange={(allowedOrigins) => onChange({ ...draft, allowedOrigins })}
          problem={p("allowedOrigins")}
        />
      </section>
    </>
  );
}
