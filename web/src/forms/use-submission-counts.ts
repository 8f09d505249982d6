import { useEffect, useState } from "react";
import type { FormSubmissionCount } from "../../../src/schemas/form.js";
import type { Api } from "../api.js";

/**
 * Each form's submission counts by form id: undefined while they load, null when they could not
 * be read (the list still shows; the counts read "—").
 */
export function useSubmissionCounts(api: Api): Map<string, FormSubmissionCount> | null | undefined {
  const [counts, setCounts] = useState<Map<string, FormSubmissionCount> | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    api
      .get<{ data: FormSubmissionCount[] }>("/api/v1/forms/submission-counts")
      .then((r) => live && setCounts(new Map(r.data.map((c) => [c.formId, c]))))
      .catch(() => live && setCounts(null));
    return () => {
      live = false;
    };
  }, [api]);
  return counts;
}
