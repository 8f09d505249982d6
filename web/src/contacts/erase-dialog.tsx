import { useEffect, useRef, useState } from "react";
import type { Api } from "../api.js";

/**
 * The GDPR erase button and the modal dialog that confirms it (a native <dialog>: focus stays
 * inside, Escape cancels). Erasing removes the contact with its events, identities, tags and
 * memberships, for good.
 */
export function EraseContact({ api, contactId, label, onErased }: { api: Api; contactId: string; label: string; onErased: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (open) dialog.current?.showModal();
    else dialog.current?.close();
  }, [open]);

  const erase = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.request("DELETE", `/api/v1/contacts/${encodeURIComponent(contactId)}`);
      setOpen(false);
      onErased();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button type="button" className="danger" onClick={() => setOpen(true)}>
        Erase contact…
      </button>
      <dialog ref={dialog} className="confirm" aria-labelledby="erase-title" aria-describedby="erase-detail" onClose={() => setOpen(false)}>
        <h2 id="erase-title">Erase {label}?</h2>
        <p id="erase-detail">
          The contact, its events, identities, tags and list memberships are deleted for good (GDPR right to erasure). This cannot be undone: export it first if you
          need a copy.
        </p>
        {error && (
          <p role="alert" className="error">
            Could not erase: {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={() => setOpen(false)} autoFocus>
            Cancel
          </button>
          <button type="button" className="danger" onClick={() => void erase()} disabled={busy}>
            {busy ? "Erasing…" : "Erase for good"}
          </button>
        </div>
      </dialog>
    </>
  );
}
