import { useCallback, useMemo, useState } from "react";
import type { ContactOut as Contact } from "../../src/schemas/contact.js";
import { createApi } from "./api.js";
import { ContactPanel } from "./contact-panel.js";
import { ContactsTable } from "./contacts-table.js";
import { Header } from "./header.js";
import { secretKeyStore } from "./secret-key.js";
import { SignIn } from "./sign-in.js";

export function App() {
  const [secretKey, setSecretKey] = useState(secretKeyStore.read);
  const signIn = useCallback((key: string) => {
    secretKeyStore.write(key);
    setSecretKey(key);
  }, []);
  const signOut = useCallback(() => {
    secretKeyStore.clear();
    setSecretKey(null);
  }, []);
  if (!secretKey) return <SignIn onSignIn={signIn} />;
  return <Workspace secretKey={secretKey} onSignOut={signOut} />;
}

function Workspace({ secretKey, onSignOut }: { secretKey: string; onSignOut: () => void }) {
  const api = useMemo(() => createApi(secretKey), [secretKey]);
  const [selected, setSelected] = useState<Contact | null>(null);
  return (
    <div className="layout">
      <Header api={api} onSignOut={onSignOut} />
      <main className={selected ? "main with-panel" : "main"}>
        <ContactsTable api={api} selectedId={selected?.id} onSelect={setSelected} onUnauthorized={onSignOut} />
        {selected && <ContactPanel api={api} contact={selected} onClose={() => setSelected(null)} />}
      </main>
    </div>
  );
}
