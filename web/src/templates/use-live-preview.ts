import { useEffect, useRef, useState } from "react";
import type { TemplateDraftPreviewOut } from "../../../src/schemas/merge-field.js";
import type { RenderedMessage } from "../../../src/schemas/template.js";
import { ApiError, type Api, type FieldError } from "../api.js";

export interface LivePreview {
  /** The last content that rendered. */
  rendered: RenderedMessage | null;
  /** What saving the last content sent would meet, by field (`content.body`). */
  errors: FieldError[];
  /** The request itself failed (the server unreachable…). */
  failure: string | null;
  pending: boolean;
}

/** Wait after the last keystroke before asking for a render, ms. */
const DEBOUNCE_MS = 350;

/**
 * Checks and renders a draft (POST /api/v1/templates/preview) a moment after it stops changing;
 * an answer that arrives after a newer request was sent is dropped, so the preview never goes
 * back to older content. While the draft has problems the last rendering stays on show.
 */
export function useLivePreview(api: Api, body: unknown, onSessionEnded: () => void): LivePreview {
  const [state, setState] = useState<LivePreview>({ rendered: null, errors: [], failure: null, pending: true });
  const latest = useRef(0);
  const key = JSON.stringify(body);

  useEffect(() => {
    const seq = ++latest.current;
    setState((s) => ({ ...s, pending: true }));
    const timer = window.setTimeout(() => {
      api
        .post<TemplateDraftPreviewOut>("/api/v1/templates/preview", JSON.parse(key))
        .then(({ rendered, problems }) => seq === latest.current && setState((s) => ({ rendered: rendered ?? s.rendered, errors: problems, failure: null, pending: false })))
        .catch((err: unknown) => {
          if (seq !== latest.current) return;
          if (err instanceof ApiError && err.status === 401) return onSessionEnded();
          const fields = err instanceof ApiError ? err.fields : [];
          setState((s) => ({ rendered: s.rendered, errors: fields, failure: fields.length ? null : (err as Error).message, pending: false }));
        });
    }, DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [api, key, onSessionEnded]);

  return state;
}
