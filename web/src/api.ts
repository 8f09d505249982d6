/** One bad field of a problem document (`errors`), as the server named it. */
export interface FieldError {
  field: string;
  message: string;
}

/** A failed call: the HTTP status and the server's problem `detail` (RFC 9457), or a network error (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The bad fields, when the server listed them (400, 409). */
    readonly fields: FieldError[] = [],
    /** The parsed problem document, when the answer was one. */
    readonly body?: unknown,
  ) {
    super(message);
  }
}

/** Calls to the Parcours API as the signed-in user (the session cookie goes with every call). */
export interface Api {
  get<T>(path: string): Promise<T>;
  /** POSTs `body` as JSON; answers without content (204) resolve to undefined. */
  post<T = void>(path: string, body?: unknown): Promise<T>;
  /** Any method, `body` sent as JSON when given (what screens such as web/src/workflows take as `request`). */
  request<T>(method: string, path: string, body?: unknown): Promise<T>;
}

/**
 * The header that shows the server a cookie-signed-in write comes from this UI and not from a
 * form on another site (see "Users and sign-in" in README.md).
 */
export const CSRF_HEADER = "x-parcours-csrf";

export function createApi(): Api {
  return {
    get: <T>(path: string) => call<T>("GET", path),
    post: <T>(path: string, body?: unknown) => call<T>("POST", path, body),
    request: <T>(method: string, path: string, body?: unknown) => call<T>(method, path, body),
  };
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json", [CSRF_HEADER]: "1" };
  if (body !== undefined) headers["content-type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(path, { method, headers, credentials: "same-origin", ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  } catch {
    throw new ApiError(0, "the server cannot be reached");
  }
  if (!res.ok) throw await problemOf(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

async function problemOf(res: Response): Promise<ApiError> {
  try {
    const body: unknown = await res.json();
    if (body && typeof body === "object" && "detail" in body && typeof body.detail === "string") {
      const fields = "errors" in body && Array.isArray(body.errors) ? (body.errors as FieldError[]) : [];
      return new ApiError(res.status, body.detail, fields, body);
    }
  } catch {
    // not JSON: fall back to the status line
  }
  return new ApiError(res.status, `${res.status} ${res.statusText}`);
}

/** `/path?a=1&b=2`, leaving out empty values. */
export function withQuery(path: string, query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== "") params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}
