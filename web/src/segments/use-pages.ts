import { useEffect, useState } from "react";
import { ApiError, withQuery, type Api, type Page } from "../api.js";

export type Pages<T> = { state: "loading" } | { state: "failed"; message: string } | { state: "ready"; rows: T[]; next: string | null };

/**
 * The pages of a list endpoint read so far, and `more()` for the next; everything is read again
 * from the first page when `generation` changes (the segment was recomputed).
 */
export function usePages<T>(api: Api, path: string, generation: string, onSessionEnded: () => void, limit = 50): [Pages<T>, () => void] {
  const [pages, setPages] = useState<Pages<T>>({ state: "loading" });
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  useEffect(() => setCursor(undefined), [generation]);
  useEffect(() => {
    let live = true;
    api
      .get<Page<T>>(withQuery(path, { limit, cursor }))
      .then((page) => live && setPages((prev) => ({ state: "ready", rows: [...(prev.state === "ready" && cursor ? prev.rows : []), ...page.data], next: page.nextCursor })))
      .catch((err: unknown) => {
        if (!live) return;
        if (err instanceof ApiError && err.status === 401) onSessionEnded();
        else setPages({ state: "failed", message: (err as Error).message });
      });
    return () => {
      live = false;
    };
  }, [api, path, cursor, generation, limit, onSessionEnded]);
  return [pages, () => pages.state === "ready" && pages.next && setCursor(pages.next)];
}
