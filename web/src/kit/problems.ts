import { ApiError } from "../api.js";

/** The server's bad fields by path (`definition.fields.2.name`), and what is wrong with the rest. */
export interface Problems {
  byField: Map<string, string>;
  message: string;
}

export function problemsOf(err: unknown): Problems {
  const fields = err instanceof ApiError ? err.fields : [];
  return { byField: new Map(fields.map((f) => [f.field, f.message])), message: (err as Error).message };
}

/** The message for `path`, or for the first path below it (`definition.consent` covers `definition.consent.topicId`). */
export function problemAt(problems: Problems | null, path: string): string | undefined {
  if (!problems) return undefined;
  const exact = problems.byField.get(path);
  if (exact !== undefined) return exact;
  for (const [field, message] of problems.byField) if (field.startsWith(`${path}.`)) return message;
  return undefined;
}
