import { useEffect, useState } from "react";
import type { z } from "zod";
import type { Rule } from "../../../src/schemas/rule.js";
import type { SegmentPreviewOut } from "../../../src/schemas/segment-api.js";
import { ApiError, type Api } from "../api.js";
import type { RuleProblems } from "../rules/index.js";

type Counted = z.infer<typeof SegmentPreviewOut>;

/** The live count: waiting for a rule that can be sent, counting (with the last answer), the answer, the server's refusal, or a failure. */
export type Preview =
  | { state: "incomplete" }
  | { state: "counting"; last: Counted | null }
  | ({ state: "ready" } & Counted)
  | { state: "refused"; problems: RuleProblems; message: string }
  | { state: "failed"; message: string };

/** Typing pauses this long (ms) before the rule is counted, so each keystroke does not query every contact. */
export const PREVIEW_DELAY_MS = 400;
const SAMPLE_SIZE = 10;

/**
 * Counts the contacts `rule` matches now, and the first of them, through POST
 * /api/v1/segments/preview, a moment after the rule last changed; an answer to an older rule is
 * dropped. `complete` false (the rule still has problems in the browser) sends nothing.
 */
export function usePreview(api: Api, rule: Rule, complete: boolean, onSessionEnded: () => void): Preview {
  const [preview, setPreview] = useState<Preview>({ state: "incomplete" });
  const key = JSON.stringify(rule);
  useEffect(() => {
    if (!complete) {
      setPreview({ state: "incomplete" });
      return;
    }
    let live = true;
    setPreview((p) => ({ state: "counting", last: p.state === "ready" ? { count: p.count, sample: p.sample } : p.state === "counting" ? p.last : null }));
    const timer = setTimeout(() => {
      api
        .post<Counted>("/api/v1/segments/preview", { rule: JSON.parse(key) as Rule, sampleSize: SAMPLE_SIZE })
        .then((counted) => live && setPreview({ state: "ready", ...counted }))
        .catch((err: unknown) => {
          if (!live) return;
          if (err instanceof ApiError && err.status === 401) onSessionEnded();
          else if (err instanceof ApiError && err.status === 400) setPreview({ state: "refused", problems: new Map(err.fields.map((f) => [f.field, f.message])), message: err.message });
          else setPreview({ state: "failed", message: (err as Error).message });
        });
    }, PREVIEW_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, key, complete, onSessionEnded]);
  return preview;
}
