import { useCallback, useEffect, useState } from "react";
import { ApiError } from "../api.js";

export type Load<T> = { state: "loading" } | { state: "failed"; message: string; status: number } | { state: "ready"; data: T };

/**
 * Runs `load` when its inputs change (list them in `deps`, as for useEffect) and on `reload()`,
 * ignoring answers that arrive after a newer load began. While a new load runs the last data
 * stays shown (with `pending` true), so a table does not flash empty. A 401 means the session ended: `onUnauthorized`
 * takes the user back to the sign-in form (without it, the 401 is shown as a failure).
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[], onUnauthorized?: () => void): { view: Load<T>; reload: () => void; pending: boolean } {
  const [view, setView] = useState<Load<T>>({ state: "loading" });
  const [pending, setPending] = useState(true);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setView((v) => (v.state === "ready" ? v : { state: "loading" }));
    setPending(true);
    load()
      .then((data) => live && setView({ state: "ready", data }))
      .catch((err: unknown) => {
        if (!live) return;
        const status = err instanceof ApiError ? err.status : 0;
        if (status === 401 && onUnauthorized) onUnauthorized();
        else setView({ state: "failed", message: (err as Error).message, status });
      })
      .finally(() => live && setPending(false));
    return () => {
      live = false;
    };
  }, [...deps, attempt]);
  const reload = useCallback(() => setAttempt((a) => a + 1), []);
  return { view, reload, pending };
}
