import type { ContactSort, SortDirection } from "../../../src/schemas/contact.js";

/** What the contact list shows: the search, the filters and the order (the page cursor is kept apart). */
export interface ContactQuery {
  q: string;
  tag: string;
  listId: string;
  lifecycleStage: string;
  segmentId: string;
  sort: ContactSort;
  order: SortDirection;
}

/** Newest contacts first, no search, no filter. */
export const INITIAL_QUERY: ContactQuery = { q: "", tag: "", listId: "", lifecycleStage: "", segmentId: "", sort: "createdAt", order: "desc" };

/** Text and the funnel read best from the start; numbers and dates from the largest, newest. */
const FIRST_ORDER: Record<ContactSort, SortDirection> = { email: "asc", lifecycleStage: "asc", score: "desc", createdAt: "desc", updatedAt: "desc" };

/** The order after the header of column `by` is pressed: the same column flips, another starts at its natural direction. */
export function toggledSort(query: ContactQuery, by: ContactSort): Pick<ContactQuery, "sort" | "order"> {
  if (query.sort === by) return { sort: by, order: query.order === "asc" ? "desc" : "asc" };
  return { sort: by, order: FIRST_ORDER[by] };
}

/** Whether anything narrows the list (the empty workspace state is shown only when nothing does). */
export function isFiltered(query: ContactQuery): boolean {
  return Boolean(query.q || query.tag || query.listId || query.lifecycleStage || query.segmentId);
}
