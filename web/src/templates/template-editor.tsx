import { useCallback, useEffect, useRef, useState } from "react";
import type { TemplateChannel, TemplateOut } from "../../../src/schemas/template.js";
import { ApiError, type FieldError } from "../api.js";
import type { ScreenProps } from "../screen-props.js";
import { CHANNEL_LABEL, STARTER_CONTENT } from "./channels.js";
import { DeleteTemplate } from "./delete-template.js";
import { ContentFields, contentOf, draftOf, TEXT_PARTS, type Draft, type TextControl } from "./content-fields.js";
import { insertAt, mergeTag } from "./insert-at-cursor.js";
import { errorOf, Labelled } from "./labelled.js";
import { MergeFieldPicker } from "./merge-field-picker.js";
import { PreviewAs, type PreviewContact } from "./preview-as.js";
import { PreviewPane } from "./preview-pane.js";
import { TestSend } from "./test-send.js";
import { goTo } from "../kit/index.js";
import { useLivePreview } from "./use-live-preview.js";
import { VersionHistory } from "./version-history.js";

type Loaded = { state: "loading" } | { state: "failed"; message: string } | { state: "ready"; saved: TemplateOut | null };

/** A template's editor: its content with a merge-field picker, the live preview, saving as a new version, its versions and a test send. */
export function TemplateEditor({ api, me, onSessionEnded, templateId }: ScreenProps & { templateId: string | null }) {
  const [loaded, setLoaded] = useState<Loaded>(templateId ? { state: "loading" } : { state: "ready", saved: null });
  const [name, setName] = useState("");
  const [channel, setChannel] = useState<TemplateChannel>("email");
  const [draft, setDraft] = useState<Draft>(STARTER_CONTENT.email);
  const [saveErrors, setSaveErrors] = useState<FieldError[]>([]);
  const [saveFailure, setSaveFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const controls = useRef(new Map<string, TextControl>());
  const [previewContact, setPreviewContact] = useState<PreviewContact | null>(null);
  const [target, setTarget] = useState<{ part: string; focused: boolean }>({ part: "body", focused: false });
  const canWrite = me.user.role !== "read_only";

  const adopt = useCallback((t: TemplateOut) => {
    setLoaded({ state: "ready", saved: t });
    setName(t.name);
    setChannel(t.channel);
    setDraft(draftOf(t.content));
  }, []);

  useEffect(() => {
    if (!templateId) return;
    let live = true;
    setLoaded({ state: "loading" });
    api
      .get<TemplateOut>(`/api/v1/templates/${encodeURIComponent(templateId)}`)
      .then((t) => live && adopt(t))
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 401) onSessionEnded();
        else if (live) setLoaded({ state: "failed", message: (err as Error).message });
      });
    return () => {
      live = false;
    };
  }, [api, templateId, adopt, onSessionEnded]);

  const content = contentOf(channel, draft);
  const preview = useLivePreview(api, { channel, content, ...(previewContact ? { contactId: previewContact.id } : {}) }, onSessionEnded);

  if (loaded.state === "loading")
    return (
      <main className="main">
        <p role="status" className="muted">
          Loading the template…
        </p>
      </main>
    );
  if (loaded.state === "failed")
    return (
      <main className="main">
        <p role="alert" className="error">
          The template could not be loaded: {loaded.message}
        </p>
        <a href="#/templates">← Templates</a>
      </main>
    );

  const saved = loaded.saved;
  const contentChanged = !saved || JSON.stringify(content) !== JSON.stringify(contentOf(saved.channel, draftOf(saved.content)));
  const dirty = !saved || contentChanged || name !== saved.name;
  const errors = [...saveErrors, ...preview.errors.filter((e) => !saveErrors.some((s) => s.field === e.field))];

  const edit = (part: string, value: string) => {
    setDraft((d) => ({ ...d, [part]: value }));
    setSaveErrors((es) => es.filter((e) => e.field !== `content.${part}`));
    setNotice(null);
  };

  const insert = (path: string) => {
    const el = controls.current.get(target.part);
    const value = draft[target.part] ?? "";
    // A field never focused has no caret to speak of: the tag goes at its end.
    const [start, end] = el && target.focused ? [el.selectionStart ?? value.length, el.selectionEnd ?? value.length] : [value.length, value.length];
    const next = insertAt(value, start, end, mergeTag(path));
    edit(target.part, next.text);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(next.caret, next.caret);
    });
  };

  const save = async () => {
    setSaving(true);
    setSaveErrors([]);
    setSaveFailure(null);
    try {
      if (!saved) {
        const created = await api.post<TemplateOut>("/api/v1/templates", { name, channel, content });
        goTo("templates", created.id);
        return;
      }
      const body = { ...(name !== saved.name ? { name } : {}), ...(contentChanged ? { content } : {}) };
      const updated = await api.request<TemplateOut>("PATCH", `/api/v1/templates/${encodeURIComponent(saved.id)}`, body);
      adopt(updated);
      setNotice(contentChanged ? `Saved as version ${updated.version}: sends use it from now on.` : "Saved.");
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return onSessionEnded();
      const fields = err instanceof ApiError ? err.fields : [];
      setSaveErrors(fields);
      setSaveFailure(fields.length ? `Not saved: ${fields.length === 1 ? "one field needs" : `${fields.length} fields need`} a change.` : `Not saved: ${(err as Error).message}`);
    } finally {
      setSaving(false);
    }
  };

  // Problems no field shows (a merge field that fails to render names `content` as a whole).
  const placed = ["name", "channel", "content.format", ...TEXT_PARTS[channel].map((p) => `content.${p.part}`)];
  const unplaced = errors.filter((e) => !placed.some((f) => e.field === f || e.field.startsWith(`${f}.`)));
  const partLabel = TEXT_PARTS[channel].find((p) => p.part === target.part)?.label ?? target.part;
  return (
    <main className="main tp-screen">
      <div className="tp-bar">
        <a href="#/templates">← Templates</a>
        <h2>{saved ? saved.name : "New template"}</h2>
        {saved && (
          <span className="muted">
            {CHANNEL_LABEL[saved.channel]} · version {saved.version}
          </span>
        )}
        {canWrite && dirty && saved && <span className="tp-dirty">Unsaved changes</span>}
        {canWrite && (
          <div className="tp-actions">
            {saved && <DeleteTemplate api={api} templateId={saved.id} onSessionEnded={onSessionEnded} />}
            <button type="submit" form="tp-form" disabled={saving || !dirty}>
              {saving ? "Saving…" : saved ? "Save as a new version" : "Create template"}
            </button>
          </div>
        )}
      </div>
      {!canWrite && <p className="muted">Your role can read templates and preview them; a marketer or an admin changes them.</p>}
      {saveFailure && (
        <p role="alert" className="error">
          {saveFailure}
        </p>
      )}
      {notice && (
        <p role="status" className="tp-ok">
          {notice}
        </p>
      )}
      <div className="tp-editor">
        <form
          id="tp-form"
          className="tp-form"
          aria-label="Template content"
          onSubmit={(e) => {
            e.preventDefault();
            if (canWrite) void save();
          }}
        >
          <Labelled label="Name" error={errorOf(errors, "name")}>
            {(c) => <input {...c} value={name} required readOnly={!canWrite} onChange={(e) => setName(e.target.value)} />}
          </Labelled>
          {!saved && (
            <Labelled label="Channel" error={errorOf(errors, "channel")} hint="Fixed once created">
              {(c) => (
                <select
                  {...c}
                  value={channel}
                  onChange={(e) => {
                    const next = e.target.value as TemplateChannel;
                    setChannel(next);
                    setDraft(STARTER_CONTENT[next]);
                    setTarget({ part: "body", focused: false });
                  }}
                >
                  {(Object.keys(CHANNEL_LABEL) as TemplateChannel[]).map((ch) => (
                    <option key={ch} value={ch}>
                      {CHANNEL_LABEL[ch]}
                    </option>
                  ))}
                </select>
              )}
            </Labelled>
          )}
          {unplaced.length > 0 && (
            <ul role="alert" className="error tp-unplaced">
              {unplaced.map((e) => (
                <li key={`${e.field}:${e.message}`}>{e.message}</li>
              ))}
            </ul>
          )}
          {canWrite && <MergeFieldPicker api={api} target={partLabel} onInsert={insert} />}
          <ContentFields
            channel={channel}
            draft={draft}
            errors={errors}
            readOnly={!canWrite}
            onChange={edit}
            register={(part, el) => (el ? controls.current.set(part, el) : controls.current.delete(part))}
            onFocusPart={(part) => setTarget({ part, focused: true })}
          />
        </form>
        <div className="tp-side">
          <PreviewPane channel={channel} preview={preview}>
            <PreviewAs api={api} contact={previewContact} onChange={setPreviewContact} />
          </PreviewPane>
          {saved && channel === "email" && canWrite && (
            <TestSend api={api} templateId={saved.id} defaultTo={me.user.email} disabledWhy={dirty ? "Save first: a test send sends the saved version." : null} />
          )}
          {saved && <VersionHistory api={api} templateId={saved.id} latest={saved.version} canWrite={canWrite} onOpen={(v) => setDraft(draftOf(v.content))} />}
        </div>
      </div>
    </main>
  );
}
