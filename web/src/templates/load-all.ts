import { withQuery, type Api, type Page } from "../api.js";

/** Most rows a screen loads from a list endpoint (4 pages of 500): templates and broadcasts are few. */
const MAX_ROWS = 2000;

/** Every row of a cursor-paginated list, page after page, up to MAX_ROWS. */
export async function loadAll<T>(api: Api, path: string, query: Record<string, string | undefined> = {}): Promise<T[]> {
  const rows: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.get<Page<T>>(withQuery(path, { ...query, limit: 500, cursor }));
    rows.push(...page.data);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && rows.length < MAX_ROWS);
  return rows;
}
