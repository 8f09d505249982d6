import { useState } from "react";
import type { ContactOut as Contact } from "../../../src/schemas/contact.js";
import type { ScreenProps } from "../screen-props.js";
import { ContactPanel } from "./contact-panel.js";
import { ContactsTable } from "./contacts-table.js";

/** The contacts of the workspace, and the one opened beside them. */
export function ContactsScreen({ api, onSessionEnded }: ScreenProps) {
  const [selected, setSelected] = useState<Contact | null>(null);
  return (
    <main className={selected ? "main with-panel" : "main"}>
      <ContactsTable api={api} selectedId={selected?.id} onSelect={setSelected} onUnauthorized={onSessionEnded} />
      {selected && <ContactPanel api={api} contact={selected} onClose={() => setSelected(null)} />}
    </main>
  );
}
