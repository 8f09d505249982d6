import { useEffect, useState } from "react";
import type { BroadcastOut } from "../../../src/schemas/broadcast.js";
import { ApiError, type FieldError } from "../api.js";
import type { ScreenProps } from "../screen-props.js";
import { errorOf, Labelled } from "../templates/labelled.js";
import { AbTestFields } from "./ab-test-fields.js";
import { fromBroadcast, NEW_FORM, toBody, toUpdate, type FormState } from "./form-state.js";
import { ScheduleFields } from "./schedule-fields.js";
import { SpanField } from "./span-field.js";
import { useChoices, type Choices } from "./use-choices.js";

/**
 * Creates a broadcast, or changes a draft (`draft`): audience, template, sender, topic, schedule,
 * throttle, A/B test and resend. "Save draft" keeps it; "Save and send" schedules it at once.
 */
export function BroadcastForm({ api, onSessionEnded, draft }: ScreenProps & { draft: BroadcastOut | null }) {
  const choices = useChoices(api);
  const [form, setForm] = useState<FormState>(draft ? fromBroadcast(draft) : NEW_FORM);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<FormState>) => {
    setForm((f) => ({ ...f, ...patch }));
    setErrors((es) => es.filter((e) => !Object.keys(patch).some((k) => e.field.startsWith(FIELD_OF[k as keyof FormState] ?? k))));
  };

  // A new broadcast starts with the first template and list, so the simplest send is one click away.
  useEffect(() => {
    if (draft || choices.state !== "ready") return;
    const { templates, lists, segments } = choices.choices;
    setForm((f) => ({
      ...f,
      templateId: f.templateId || (templates[0]?.id ?? ""),
      audienceKind: lists.length === 0 && segments.length > 0 ? "segment" : f.audienceKind,
      audienceId: f.audienceId || (lists[0]?.id ?? segments[0]?.id ?? ""),
    }));
  }, [choices, draft]);

  const submit = async (andSend: boolean) => {
    setBusy(true);
    setErrors([]);
    setFailure(null);
    try {
      const saved = draft
        ? await api.request<BroadcastOut>("PATCH", `/api/v1/broadcasts/${encodeURIComponent(draft.id)}`, toUpdate(form))
        : await api.post<BroadcastOut>("/api/v1/broadcasts", toBody(form));
      if (andSend) await api.post(`/api/v1/broadcasts/${encodeURIComponent(saved.id)}/send`);
      window.location.hash = `#/broadcasts/${encodeURIComponent(saved.id)}`;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return onSessionEnded();
      const fields = err instanceof ApiError ? err.fields : [];
      setErrors(fields);
      setFailure(fields.length ? `Not saved: see the ${fields.length === 1 ? "field" : `${fields.length} fields`} marked below.` : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const back = draft ? `#/broadcasts/${encodeURIComponent(draft.id)}` : "#/broadcasts";
  return (
    <main className="main bc-screen">
      <div className="tp-bar">
        <a href={back}>← {draft ? draft.name : "Broadcasts"}</a>
        <h2>{draft ? "Change the draft" : "New broadcast"}</h2>
      </div>
      {choices.state === "loading" && (
        <p role="status" className="muted">
          Loading templates, lists and segments…
        </p>
      )}
      {choices.state === "failed" && (
        <p role="alert" className="error">
          What a broadcast may use could not be loaded: {choices.message}
        </p>
      )}
      {choices.state === "ready" && <Missing choices={choices.choices} />}
      {failure && (
        <p role="alert" className="error">
          {failure}
        </p>
      )}
      {choices.state === "ready" && (
        <form
          className="bc-form"
          aria-label={draft ? "Change the draft" : "New broadcast"}
          onSubmit={(e) => {
            e.preventDefault();
            void submit(false);
          }}
        >
          <Fields form={form} set={set} errors={errors} choices={choices.choices} />
          <ScheduleFields form={form} set={set} errors={errors} />
          <fieldset className="bc-section">
            <legend>Throttle</legend>
            <label className="bc-check">
              <input type="checkbox" checked={form.throttled} onChange={(e) => set({ throttled: e.target.checked })} /> Limit how fast it goes out
            </label>
            {form.throttled && (
              <Labelled label="Messages per second at most" error={errorOf(errors, "throttle")}>
                {(c) => <input {...c} type="number" min={1} max={100000} value={form.perSecond} onChange={(e) => set({ perSecond: e.target.valueAsNumber })} />}
              </Labelled>
            )}
          </fieldset>
          <AbTestFields form={form} set={set} errors={errors} templates={choices.choices.templates} />
          <fieldset className="bc-section">
            <legend>Resend to non-openers</legend>
            <label className="bc-check">
              <input type="checkbox" checked={form.resend} onChange={(e) => set({ resend: e.target.checked })} /> Send it again, with another subject, to those who have not opened it
            </label>
            {form.resend && (
              <div className="bc-row">
                <SpanField label="After" value={form.resendAfter} onChange={(resendAfter) => set({ resendAfter })} error={errorOf(errors, "resend.after")} />
                <Labelled label="Resend subject" error={errorOf(errors, "resend.subject")}>
                  {(c) => <input {...c} value={form.resendSubject} required onChange={(e) => set({ resendSubject: e.target.value })} />}
                </Labelled>
              </div>
            )}
          </fieldset>
          <div className="bc-actions">
            <button type="submit" className="secondary" disabled={busy}>
              Save draft
            </button>
            <button type="button" disabled={busy} onClick={() => void submit(true)}>
              {busy ? "Saving…" : form.schedule === "now" ? "Save and send now" : "Save and schedule"}
            </button>
          </div>
        </form>
      )}
    </main>
  );
}

/** The form's keys and the API fields their errors are named by. */
const FIELD_OF: Partial<Record<keyof FormState, string>> = {
  audienceId: "audience",
  audienceKind: "audience",
  at: "schedule",
  localDate: "schedule",
  localTime: "schedule",
  fallbackTimezone: "schedule",
  perSecond: "throttle",
  throttled: "throttle",
  variants: "abTest",
  metric: "abTest",
  samplePercent: "abTest",
  duration: "abTest",
  resendAfter: "resend",
  resendSubject: "resend",
};

function Fields({ form, set, errors, choices }: { form: FormState; set: (patch: Partial<FormState>) => void; errors: readonly FieldError[]; choices: Choices }) {
  const audience = form.audienceKind === "list" ? choices.lists : choices.segments;
  return (
    <>
      <fieldset className="bc-section">
        <legend>Message</legend>
        <Labelled label="Name" error={errorOf(errors, "name")} hint="For you: recipients do not see it">
          {(c) => <input {...c} value={form.name} required onChange={(e) => set({ name: e.target.value })} />}
        </Labelled>
        <Labelled label="Email template" error={errorOf(errors, "templateId")}>
          {(c) => (
            <select {...c} value={form.templateId} required onChange={(e) => set({ templateId: e.target.value })}>
              <option value="">— choose —</option>
              {choices.templates.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          )}
        </Labelled>
        <div className="bc-row">
          <Labelled label="Sender" error={errorOf(errors, "senderId")}>
            {(c) => (
              <select {...c} value={form.senderId} onChange={(e) => set({ senderId: e.target.value })}>
                <option value="">The workspace's default sender</option>
                {choices.senders.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.from}
                  </option>
                ))}
              </select>
            )}
          </Labelled>
          <Labelled label="Kind" error={errorOf(errors, "category")} hint="Marketing needs consent and carries an unsubscribe link">
            {(c) => (
              <select {...c} value={form.category} onChange={(e) => set({ category: e.target.value as FormState["category"] })}>
                <option value="marketing">Marketing</option>
                <option value="transactional">Transactional</option>
              </select>
            )}
          </Labelled>
          <Labelled label="Subscription topic" error={errorOf(errors, "topicId")} hint="Its unsubscribers are skipped">
            {(c) => (
              <select {...c} value={form.topicId} onChange={(e) => set({ topicId: e.target.value })}>
                <option value="">None</option>
                {choices.topics.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            )}
          </Labelled>
        </div>
      </fieldset>
      <fieldset className="bc-section">
        <legend>Audience</legend>
        <div role="radiogroup" aria-label="Audience kind" className="bc-radios">
          {(["list", "segment"] as const).map((kind) => (
            <label key={kind}>
              <input
                type="radio"
                name="audienceKind"
                checked={form.audienceKind === kind}
                onChange={() => set({ audienceKind: kind, audienceId: (kind === "list" ? choices.lists : choices.segments)[0]?.id ?? "" })}
              />{" "}
              {kind === "list" ? "A static list" : "A segment"}
            </label>
          ))}
        </div>
        <Labelled label={form.audienceKind === "list" ? "List" : "Segment"} error={errorOf(errors, "audience")} hint="Its members when sending starts">
          {(c) => (
            <select {...c} value={form.audienceId} required onChange={(e) => set({ audienceId: e.target.value })}>
              <option value="">— choose —</option>
              {audience.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name} ({a.memberCount} contact{a.memberCount === 1 ? "" : "s"})
                </option>
              ))}
            </select>
          )}
        </Labelled>
      </fieldset>
    </>
  );
}

/** What a newcomer must make before a broadcast can be sent. */
function Missing({ choices }: { choices: Choices }) {
  if (choices.templates.length > 0 && (choices.lists.length > 0 || choices.segments.length > 0)) return null;
  return (
    <div className="card bc-missing">
      {choices.templates.length === 0 && (
        <p>
          A broadcast sends an email template, and there is none yet: <a href="#/templates/new">write one</a> first.
        </p>
      )}
      {choices.lists.length === 0 && choices.segments.length === 0 && (
        <p>
          A broadcast goes to a list or a segment: <a href="#/segments">make a segment</a>, or create a list with <code>POST /api/v1/lists</code> (or{" "}
          <code>npx parcours import contacts.csv --list NAME</code>).
        </p>
      )}
    </div>
  );
}
