import { z } from "zod";
import { ValidationError } from "../core/index.js";

/** `limit` and `cursor` query parameters shared by every list endpoint. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    /** Pass as `cursor` to get the next page; null on the last page. */
    nextCursor: z.string().nullable(),
  });
}

/** Cursors are opaque to clients: the position after the last item, base64url JSON. */
export function encodeCursor(position: unknown[]): string {
  return Buffer.from(JSON.stringify(position)).toString("base64url");
}

export function decodeCursor(cursor: string | undefined, arity: number): unknown[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(v) && v.length === arity) return v;
  } catch {
    // fall through to the error below
  }
  throw ValidationError.field("query.cursor", "is not a cursor this API returned");
}

/** Splits a `limit + 1` fetch into a page and its next cursor. */
export function toPage<T>(rows: T[], limit: number, position: (last: T) => unknown[]): { data: T[]; nextCursor: string | null } {
  const data = rows.slice(0, limit);
  return { data, nextCursor: rows.length > limit ? encodeCursor(position(data[data.length - 1]!)) : null };
}

/** The `limit + 1` fetch after the id a page cursor holds. */
export function idPage(query: { limit: number; cursor?: string | undefined }): { afterId?: string; limit: number } {
  const after = decodeCursor(query.cursor, 1)?.[0];
  if (after !== undefined && typeof after !== "string") throw ValidationError.field("query.cursor", "is not a cursor this API returned");
  return { limit: query.limit + 1, ...(after === undefined ? {} : { afterId: after }) };
}
