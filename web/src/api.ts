/** A failed call: the HTTP status and the server's problem `detail` (RFC 9457), or a network error (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Calls to the Parcours API with one secret key. */
export interface Api {
  get<T>(path: string): Promise<T>;
}

export function createApi(secretKey: string): Api {
  return {
    async get<T>(path: string): Promise<T> {
      let res: Response;
      try {
        res = await fetch(path, { headers: { authorization: `Bearer ${secretKey}`, accept: "application/json" } });
      } catch {
        throw new ApiError(0, "the server cannot be reached");
      }
      if (!res.ok) throw new ApiError(res.status, await problemDetail(res));
      return (await res.json()) as T;
    },
  };
}

async function problemDetail(res: Response): Promise<string> {
  try {
    const body: unknown = await res.json();
    if (body && typeof body === "object" && "detail" in body && typeof body.detail === "string") return body.detail;
  } catch {
    // not JSON: fall back to the status line
  }
  return `${res.status} ${res.statusText}`;
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
