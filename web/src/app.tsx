import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from "react";
import type { ContactOut as Contact } from "../../src/schemas/contact.js";
import type { Me, SessionStatus } from "../../src/schemas/sign-in.js";
import { createApi, type Api } from "./api.js";
import { ContactPanel } from "./contact-panel.js";
import { ContactsTable } from "./contacts-table.js";
import { Header } from "./header.js";
import { MailboxScreen } from "./mailbox/mailbox-screen.js";
import { SignIn } from "./sign-in.js";
import { SCREENS, useScreen, type Screen } from "./use-route.js";

type View =
  | { state: "checking" }
  | { state: "unreachable"; message: string }
  | { state: "signed-out"; mode: "login" | "setup"; notice?: string }
  | { state: "signed-in"; me: Me };

/** Who is signed in (the session cookie), else the sign-in form, or the first admin's setup. */
export function App() {
  const api = useMemo(createApi, []);
  const [view, setView] = useState<View>({ state: "checking" });

  const signedOut = useCallback(
    async (notice?: string) => {
      try {
        const { setupNeeded } = await api.get<SessionStatus>("/api/v1/auth/session");
        setView({ state: "signed-out", mode: setupNeeded ? "setup" : "login", ...(notice ? { notice } : {}) });
      } catch (err) {
        setView({ state: "unreachable", message: (err as Error).message });
      }
    },
    [api],
  );

  const check = useCallback(async () => {
    setView({ state: "checking" });
    try {
      const { me, setupNeeded } = await api.get<SessionStatus>("/api/v1/auth/session");
      setView(me ? { state: "signed-in", me } : { state: "signed-out", mode: setupNeeded ? "setup" : "login" });
    } catch (err) {
      setView({ state: "unreachable", message: (err as Error).message });
    }
  }, [api]);

  useEffect(() => {
    void check();
  }, [check]);

  const signOut = useCallback(async () => {
    // Signed out here whatever the server says: at worst its session ends on its own.
    await api.post("/api/v1/auth/logout").catch(() => undefined);
    await signedOut("You are signed out.");
  }, [api, signedOut]);
  const sessionEnded = useCallback(() => void signedOut("Your session ended: sign in again."), [signedOut]);

  switch (view.state) {
    case "checking":
      return (
        <p className="sign-in muted" role="status">
          Loading…
        </p>
      );
    case "unreachable":
      return (
        <main className="sign-in">
          <div className="card">
            <p role="alert" className="error">
              Parcours cannot be reached: {view.message}
            </p>
            <button type="button" onClick={() => void check()}>
              Try again
            </button>
          </div>
        </main>
      );
    case "signed-out":
      return <SignIn api={api} mode={view.mode} notice={view.notice} onSignedIn={(me) => setView({ state: "signed-in", me })} />;
    case "signed-in":
      return <Workspace api={api} me={view.me} onSignOut={() => void signOut()} onSessionEnded={sessionEnded} />;
  }
}

function Workspace({ api, me, onSignOut, onSessionEnded }: { api: Api; me: Me; onSignOut: () => void; onSessionEnded: () => void }) {
  const screen = useScreen();
  return (
    <div className="layout">
      <Header me={me} onSignOut={onSignOut} />
      <nav aria-label="Screens" className="screens">
        {SCREENS.map((s) => (
          <a key={s} href={`#/${s}`} aria-current={s === screen ? "page" : undefined}>
            {SCREEN_LABELS[s]}
          </a>
        ))}
      </nav>
      {screen === "contacts" && <ContactsScreen api={api} onSessionEnded={onSessionEnded} />}
      {screen === "workflows" && (
        <Suspense fallback={<p className="main muted" role="status">Loading the workflow builder…</p>}>
          <WorkflowsScreen request={api.request} />
        </Suspense>
      )}
      {screen === "mailbox" && <MailboxScreen api={api} />}
    </div>
  );
}

// The builder (React Flow, the workflow schemas) is most of the UI's weight: loaded when first opened.
const WorkflowsScreen = lazy(() => import("./workflows/index.js").then((m) => ({ default: m.WorkflowsScreen })));

const SCREEN_LABELS: Record<Screen, string> = { contacts: "Contacts", workflows: "Workflows", mailbox: "Mailbox" };

function ContactsScreen({ api, onSessionEnded }: { api: Api; onSessionEnded: () => void }) {
  const [selected, setSelected] = useState<Contact | null>(null);
  return (
    <main className={selected ? "main with-panel" : "main"}>
      <ContactsTable api={api} selectedId={selected?.id} onSelect={setSelected} onUnauthorized={onSessionEnded} />
      {selected && <ContactPanel api={api} contact={selected} onClose={() => setSelected(null)} />}
    </main>
  );
}
