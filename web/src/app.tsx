import { Suspense, useCallback, useEffect, useMemo, useState } from "react";
import type { Me, SessionStatus } from "../../src/schemas/sign-in.js";
import { createApi, type Api } from "./api.js";
import { Header } from "./header.js";
import { SCREENS } from "./screens.js";
import { SignIn } from "./sign-in.js";
import { useScreen } from "./use-route.js";

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
  const Screen = screen.component;
  return (
    <div className="layout">
      <Header me={me} onSignOut={onSignOut} />
      <nav aria-label="Screens" className="screens">
        {SCREENS.map((s) => (
          <a key={s.id} href={`#/${s.id}`} aria-current={s === screen ? "page" : undefined}>
            {s.label}
          </a>
        ))}
      </nav>
      <Suspense
        fallback={
          <p className="main muted" role="status">
            Loading {screen.label.toLowerCase()}…
          </p>
        }
      >
        <Screen api={api} me={me} onSessionEnded={onSessionEnded} />
      </Suspense>
    </div>
  );
}
