import { useLoad, type Load } from "./use-load.js";

/** What a screen shows while it reads something: a spinner, the error, or the data. */
export type Resource<T> = Load<T>;

/**
 * `useLoad` for a `load` kept stable with useCallback: loads now, when `load` changes and on
 * `reload()` (after a write), keeping the last data on screen while it reloads.
 */
export function useResource<T>(load: () => Promise<T>, onSessionEnded?: () => void): [Resource<T>, () => void] {
  const { view, reload } = useLoad(load, [load], onSessionEnded);
  return [view, reload];
}
