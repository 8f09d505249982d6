import { useCallback, useEffect, useState, type FormEvent } from "react";
import type { SendingPolicy } from "../../../src/schemas/sending-policy.js";
import { problemAt, problemsOf, ResourceStatus, TextField, useResource, type Problems } from "../kit/index.js";
import type { SectionProps } from "./sections.js";

/** The form's boxes: empty means no limit. */
interface Draft {
  emailPerDay: string;
  emailPerWeek: string;
  smsPerDay: string;
  smsPerWeek: string;
  quiet: boolean;
  quietStart: string;
  quietEnd: string;
  timezone: string;
}

/** Frequency caps per contact and channel, and quiet hours, for marketing messages (transactional ones are never held back). */
export function SendingPolicySection({ api, canWrite, onSessionEnded }: SectionProps) {
  const load = useCallback(() => api.get<SendingPolicy>("/api/v1/workspace/sending-policy"), [api]);
  const [resource, reload] = useResource(load, onSessionEnded);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [problems, setProblems] = useState<Problems | null>(null);
  const [status, setStatus] = useState("");
  useEffect(() => {
    if (resource.state === "ready") setDraft(draftOf(resource.data));
  }, [resource]);

  if (resource.state !== "ready" || !draft) return <ResourceStatus resource={resource} what="the sending policy" onRetry={reload} />;

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!draft) return;
    setProblems(null);
    setStatus("");
    try {
      setDraft(draftOf(await api.request<SendingPolicy>("PUT", "/api/v1/workspace/sending-policy", policyOf(draft))));
      setStatus("The sending policy is saved; message steps follow it from now on.");
    } catch (err) {
      setProblems(problemsOf(err));
    }
  }

  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const p = (path: string) => problemAt(problems, path);
  return (
    <form onSubmit={(e) => void save(e)} aria-labelledby="section-title" noValidate>
      <p>
        Limits on marketing messages per contact. A workflow's message step that the policy holds back waits, is skipped or sends anyway, as the step
        says. Transactional messages are never held back. Leave a box empty for no limit.{!canWrite && " Changing the policy needs the admin role."}
      </p>
      {problems && (
        <p role="alert" className="error">
          The policy was not saved: {problems.message}
        </p>
      )}
      <fieldset disabled={!canWrite} className="plain">
        <h3>Frequency caps</h3>
        <div className="grid-4">
          <TextField label="Emails per day" type="number" value={draft.emailPerDay} onChange={(emailPerDay) => set({ emailPerDay })} problem={p("frequencyCap.email.perDay")} />
          <TextField label="Emails per week" type="number" value={draft.emailPerWeek} onChange={(emailPerWeek) => set({ emailPerWeek })} problem={p("frequencyCap.email.perWeek")} />
          <TextField label="Text messages per day" type="number" value={draft.smsPerDay} onChange={(smsPerDay) => set({ smsPerDay })} problem={p("frequencyCap.sms.perDay")} />
          <TextField label="Text messages per week" type="number" value={draft.smsPerWeek} onChange={(smsPerWeek) => set({ smsPerWeek })} problem={p("frequencyCap.sms.perWeek")} />
        </div>
        <p className="kit-hint">“Per day” is any 24 hours, “per week” any 7 days.</p>
        <h3>Quiet hours</h3>
        <label className="kit-check">
          <input type="checkbox" checked={draft.quiet} onChange={(e) => set({ quiet: e.target.checked })} /> Send no marketing message during quiet hours, on the contact's
          clock
        </label>
        {draft.quiet && (
          <div className="grid-4">
            <TextField label="Quiet from (HH:MM)" placeholder="21:00" value={draft.quietStart} onChange={(quietStart) => set({ quietStart })} problem={p("quietHours.start")} />
            <TextField label="Quiet until (HH:MM)" placeholder="08:00" value={draft.quietEnd} onChange={(quietEnd) => set({ quietEnd })} problem={p("quietHours.end") ?? p("quietHours")} />
          </div>
        )}
        <TextField
          label="Time zone of contacts without one"
          hint="An IANA zone such as Europe/Paris; quiet hours are read in it for contacts whose time zone is unknown."
          value={draft.timezone}
          onChange={(timezone) => set({ timezone })}
          problem={p("defaultTimezone")}
        />
      </fieldset>
      {canWrite && (
        <div className="actions">
          <button type="submit">Save the sending policy</button>
          <span role="status" className="muted">
            {status}
          </span>
        </div>
      )}
    </form>
  );
}

function draftOf(p: SendingPolicy): Draft {
  const text = (n: number | undefined) => (n === undefined ? "" : String(n));
  return {
    emailPerDay: text(p.frequencyCap?.email?.perDay),
    emailPerWeek: text(p.frequencyCap?.email?.perWeek),
    smsPerDay: text(p.frequencyCap?.sms?.perDay),
    smsPerWeek: text(p.frequencyCap?.sms?.perWeek),
    quiet: p.quietHours !== undefined,
    quietStart: p.quietHours?.start ?? "21:00",
    quietEnd: p.quietHours?.end ?? "08:00",
    timezone: p.defaultTimezone,
  };
}

/** The policy the API takes: empty boxes left out (no limit); what is not a number is sent as typed, for the server to name. */
function policyOf(d: Draft): unknown {
  const n = (text: string) => (text.trim() === "" ? undefined : Number.isFinite(Number(text)) ? Number(text) : text);
  const cap = (perDay: string, perWeek: string) => {
    const c = { ...(n(perDay) === undefined ? {} : { perDay: n(perDay) }), ...(n(perWeek) === undefined ? {} : { perWeek: n(perWeek) }) };
    return Object.keys(c).length ? c : undefined;
  };
  const email = cap(d.emailPerDay, d.emailPerWeek);
  const sms = cap(d.smsPerDay, d.smsPerWeek);
  return {
    ...(email || sms ? { frequencyCap: { ...(email ? { email } : {}), ...(sms ? { sms } : {}) } } : {}),
    ...(d.quiet ? { quietHours: { start: d.quietStart.trim(), end: d.quietEnd.trim() } } : {}),
    defaultTimezone: d.timezone.trim() || "UTC",
  };
}
