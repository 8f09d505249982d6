import { useEffect, useRef, useState } from "react";
import type { RenderedMessage } from "../../../src/schemas/template.js";
import { ApiError, type Api, type FieldError } from "../api.js";

export interface LivePreview {
  /** The last content that rendered. */
  rendered: RenderedMessage | null;
  /** What the server refused in the last content sent, by field (`content.body`). */
  errors: FieldError[];
  /** A failure that names no field (the server unreachable…). */
  failure: string | null;
  pending: boolean;
}

/** Wait after the last keystroke before asking for a render, ms. */
const DEBOUNCE_MS = 350;

/**
 * Renders `body` with POST `path` a moment after it stops changing; an answer that arrives after
 * a newer request was sent is dropped, so the preview never goes back to older content.
 */
export function useLivePreview(api: Api, path: string, body: unknown, onSessionEnded: () => void): LivePreview {
  const [state, setState] = useState<LivePreview>({ rendered: null, errors: [], failure: null, pending: true });
  const latest = useRef(0);
  const key = JSON.stringify(body);

  useEffect(() => {
    const seq = ++latest.current;
    setState((s) => ({ ...s, pending: true }));
    const timer = window.setTimeout(() => {
      api
        .post<RenderedMessage>(path, JSON.parse(key))
        .then((rendered) => seq === latest.current && setState({ rendered, errors: [], failure: null, pending: false }))
        .catch((err: unknown) => {
          if (seq !== latest.current) return;
          if (err instanceof ApiError && err.status === 401) return onSessionEnded();
          const fields = err instanceof ApiError ? err.fields : [];
          setState((s) => ({ rendered: s.rendered, errors: fields, failure: fields.length ? null : (err as Error).message, pending: false }));
        });
    }, DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [api, path, key, onSessionEnded]);

  return state;
}
