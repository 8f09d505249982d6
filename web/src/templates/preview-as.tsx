import { useState } from "react";
import type { ContactOut } from "../../../src/schemas/contact.js";
import { ApiError, withQuery, type Api } from "../api.js";
import { Labelled } from "./labelled.js";

export interface PreviewContact {
  id: string;
  email: string;
}

/** Whom the preview renders for: sample data, or a real contact found by email address. */
export function PreviewAs({ api, contact, onChange }: { api: Api; contact: PreviewContact | null; onChange: (c: PreviewContact | null) => void }) {
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string | undefined>();

  const find = async () => {
    setError(undefined);
    try {
      const found = await api.get<ContactOut>(withQuery("/api/v1/contacts/lookup", { email: email.trim() }));
      onChange({ id: found.id, email: found.email ?? email.trim() });
    } catch (err) {
      setError(err instanceof ApiError && err.status === 404 ? `No contact has the address ${email.trim()}` : (err as Error).message);
    }
  };

  if (contact)
    return (
      <p className="tp-preview-as">
        Rendered for <strong>{contact.email}</strong>{" "}
        <button type="button" className="link" onClick={() => onChange(null)}>
          Use sample data
        </button>
      </p>
    );
  return (
    <form
      className="tp-preview-as"
      aria-label="Preview as a contact"
      onSubmit={(e) => {
        e.preventDefault();
        if (email.trim()) void find();
      }}
    >
      <Labelled label="Preview as (a contact's email)" error={error} hint="Empty: sample data (Ada Lovelace)">
        {(c) => <input {...c} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />}
      </Labelled>
      <button type="submit" className="secondary" disabled={!email.trim()}>
        Preview
      </button>
    </form>
  );
}
