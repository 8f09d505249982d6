import { useCallback, useEffect, useState } from "react";
import { ApiError } from "../api.js";

/** What a screen shows while it reads something: a spinner, the error, or the data. */
export type Resource<T> = { state: "loading" } | { state: "failed"; message: string } | { state: "ready"; data: T };

/**
 * Loads `load()` now, when `load` changes (keep it stable with useCallback) and whenever
 * `reload()` is called (after a write), keeping the last data on screen while it reloads. A 401
 * means the session ended: `onSessionEnded` brings the sign-in back.
 */
export function useResource<T>(load: () => Promise<T>, onSessionEnded?: () => void): [Resource<T>, () => void] {
  const [resource, setResource] = useState<Resource<T>>({ state: "loading" });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    load()
      .then((data) => live && setResource({ state: "ready", data }))
      .catch((err: unknown) => {
        if (!live) return;
        if (err instanceof ApiError && err.status === 401 && onSessionEnded) onSessionEnded();
        else setResource({ state: "failed", message: (err as Error).message });
      });
    return () => {
      live = false;
    };
  }, [load, generation, onSessionEnded]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return [resource, reload];
}
