import { useCallback, useEffect, useState, type FormEvent } from "react";
import type { FormOut } from "../../../src/schemas/form.js";
import { ApiError } from "../api.js";
import { ConfirmButton, goTo, problemAt, problemsOf, ResourceStatus, TextField, useResource, type Problems } from "../kit/index.js";
import type { ScreenProps } from "../screen-props.js";
import { FieldsEditor } from "./fields-editor.js";
import { FormBehaviour } from "./form-behaviour.js";
import { definitionOf, draftOf, newFormDraft, type FormDraft } from "./form-draft.js";
import { FormPreview } from "./form-preview.js";
import { useFormChoices } from "./use-form-choices.js";

interface Props extends ScreenProps {
  /** null for a new form. */
  formId: string | null;
}

/** Creates or edits one form; once saved, its hosted page is previewed beside it with the embed snippet. */
export function FormEditor({ api, me, onSessionEnded, formId }: Props) {
  const load = useCallback(() => (formId ? api.get<FormOut>(`/api/v1/forms/${encodeURIComponent(formId)}`) : Promise.resolve(null)), [api, formId]);
  const [loaded, reload] = useResource(load, onSessionEnded);
  const choices = useFormChoices(api);
  const canWrite = me.user.role !== "read_only";
  const [form, setForm] = useState<FormOut | null>(null);
  const [draft, setDraft] = useState<FormDraft | null>(null);
  const [problems, setProblems] = useState<Problems | null>(null);
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);
  // Bumped after each save, so the preview frame loads the page again.
  const [revision, setRevision] = useState(0);

  useEffect(() => {
    if (loaded.state !== "ready") return;
    setForm(loaded.data);
    setDraft(loaded.data ? draftOf(loaded.data.name, loaded.data.definition) : newFormDraft());
  }, [loaded]);

  if (!draft)
    return (
      <main className="main">
        <p>
          <a href="#/forms">← Forms</a>
        </p>
        <ResourceStatus resource={loaded} what="the form" onRetry={reload} />
      </main>
    );

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!draft) return;
    setBusy(true);
    setProblems(null);
    setStatus("");
    try {
      const body = { name: draft.name.trim(), definition: definitionOf(draft) };
      const saved = form ? await api.request<FormOut>("PATCH", `/api/v1/forms/${encodeURIComponent(form.id)}`, body) : await api.post<FormOut>("/api/v1/forms", body);
      setStatus(`Saved at ${new Date().toLocaleTimeString()}.`);
      if (!form) {
        goTo("forms", saved.id);
        return;
      }
      setForm(saved);
      setRevision((r) => r + 1);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) onSessionEnded();
      else setProblems(problemsOf(err));
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    if (!form) return;
    try {
      await api.request("DELETE", `/api/v1/forms/${encodeURIComponent(form.id)}`);
      goTo("forms");
    } catch (err) {
      setProblems(problemsOf(err));
    }
  }

  const title = form ? form.name : "New form";
  return (
    <main className="main">
      <div className="toolbar">
        <div>
          <a href="#/forms">← Forms</a>
          <h2 id="form-title">{title}</h2>
        </div>
        {canWrite && form && <ConfirmButton label="Delete" name={`Delete form ${form.name}`} question="Delete this form and its submissions?" onConfirm={() => void remove()} />}
      </div>
      {problems && (
        <div role="alert" className="error">
          The form was not saved: {problems.message}
        </div>
      )}
      {!canWrite && <p className="muted">You can read this form; changing it needs the marketer or admin role.</p>}
      <div className="form-columns">
        <form className="card form-editor" onSubmit={(e) => void save(e)} aria-labelledby="form-title" noValidate>
          <fieldset disabled={!canWrite || busy} className="plain">
            <TextField label="Name" hint="How your team finds it; unique in the workspace." value={draft.name} onChange={(name) => setDraft({ ...draft, name })} problem={problemAt(problems, "name")} required />
            <TextField label="Page title" hint="The hosted page's heading; default the name." value={draft.title} onChange={(t) => setDraft({ ...draft, title: t })} problem={problemAt(problems, "definition.title")} />
            <TextField label="Description" multiline value={draft.description} onChange={(d) => setDraft({ ...draft, description: d })} problem={problemAt(problems, "definition.description")} />
            <FieldsEditor fields={draft.fields} onChange={(fields) => setDraft({ ...draft, fields })} problems={problems} properties={choices.properties} />
            <FormBehaviour draft={draft} onChange={setDraft} problems={problems} choices={choices} />
          </fieldset>
          {canWrite && (
            <div className="actions">
              <button type="submit" disabled={busy}>
                {form ? "Save" : "Create form"}
              </button>
              <span role="status" className="muted">
                {busy ? "Saving…" : status}
              </span>
            </div>
          )}
        </form>
        {form ? (
          <FormPreview api={api} form={form} revision={revision} />
        ) : (
          <aside className="card preview">
            <h3>Preview</h3>
            <p className="muted">Create the form to see its hosted page here, with the snippet that embeds it in your site.</p>
          </aside>
        )}
      </div>
    </main>
  );
}
