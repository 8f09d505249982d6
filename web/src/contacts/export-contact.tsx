import { useState } from "react";
import type { ContactExportOut } from "../../../src/schemas/timeline.js";
import type { Api } from "../api.js";

/** Downloads everything stored about the contact as a JSON file (GDPR right of access). */
export function ExportContact({ api, contactId }: { api: Api; contactId: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const data = await api.get<ContactExportOut>(`/api/v1/contacts/${encodeURIComponent(contactId)}/export`);
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = `contact-${contactId}.json`;
      link.click();
      // The click has handed the file to the browser: the URL is no longer needed.
      setTimeout(() => URL.revokeObjectURL(url), 0);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="secondary" onClick={() => void download()} disabled={busy}>
        {busy ? "Exporting…" : "Export (JSON)"}
      </button>
      {error && (
        <span role="alert" className="error">
          Could not export: {error}
        </span>
      )}
    </>
  );
}
