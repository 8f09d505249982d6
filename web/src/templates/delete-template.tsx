import { useState } from "react";
import { ApiError, type Api } from "../api.js";
import { goTo } from "../kit/index.js";

/** Deletes a template and its versions after a confirmation that says what it breaks. */
export function DeleteTemplate({ api, templateId, onSessionEnded }: { api: Api; templateId: string; onSessionEnded: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.request("DELETE", `/api/v1/templates/${encodeURIComponent(templateId)}`);
      goTo("templates");
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return onSessionEnded();
      setError((err as Error).message);
      setBusy(false);
    }
  };

  if (!confirming)
    return (
      <button type="button" className="secondary" onClick={() => setConfirming(true)}>
        Delete
      </button>
    );
  return (
    <span className="tp-confirm" role="group" aria-label="Confirm deletion">
      Delete it and all its versions? Workflow steps and draft broadcasts naming it will fail.{" "}
      <button type="button" className="danger" disabled={busy} onClick={() => void remove()}>
        Yes, delete
      </button>{" "}
      <button type="button" className="secondary" onClick={() => setConfirming(false)}>
        Keep it
      </button>
      {error && (
        <span role="alert" className="tp-field-error">
          {error}
        </span>
      )}
    </span>
  );
}
