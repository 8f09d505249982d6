/** HTTP methods the screen uses. */
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * Calls the Parcours API (the shell adds authentication). On a non-2xx answer it throws an error
 * with `status`, `message` (the problem's detail) and `body` (the parsed problem, with `errors`).
 */
export type Request = <T>(method: Method, path: string, body?: unknown) => Promise<T>;

/** A page of a list endpoint. */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** The HTTP status of a thrown request error, if it has one. */
export function statusOf(err: unknown): number | undefined {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

/** `/api/v1/workflows/<id>` and the like, with each part encoded. */
export function workflowPath(id: string, ...rest: (string | number)[]): string {
  return ["/api/v1/workflows", encodeURIComponent(id), ...rest.map((r) => encodeURIComponent(String(r)))].join("/");
}
