import { NotFoundError, ValidationError } from "../core/index.js";
import type { Deps } from "../deps.js";
import type { ContactOut, ContactSort, SortDirection } from "../schemas/contact.js";
import { contactSortValue, selectContactPage, selectTags, selectWorkspace, type ContactFilter, type ContactOrder, type ContactPosition } from "../store/index.js";
import { contactFromRow } from "./contact.js";
import { contactToApi } from "./to-api.js";

/** A contact of an ordered page and its position: `[sort, order, value, id]`, what the next page's cursor holds. */
export interface PlacedContact {
  contact: ContactOut;
  position: unknown[];
}

/**
 * Contacts matching `filter` in the asked order, after the position a cursor held (keyset
 * pagination), `limit` of them, each with its position. A position from another sort or order
 * is refused: it would start the page at a meaningless place.
 */
export async function listContactsInOrder(
  deps: Deps,
  workspaceId: string,
  filter: ContactFilter,
  page: { sort: ContactSort; order: SortDirection; after?: unknown[]; limit: number },
): Promise<PlacedContact[]> {
  const order: ContactOrder = { by: page.sort, direction: page.order, stages: page.sort === "lifecycleStage" ? await stagesOf(deps, workspaceId) : [] };
  const after = page.after === undefined ? undefined : positionIn(order, page.after);
  const rows = await selectContactPage(deps.db, deps.dialect, workspaceId, filter, { limit: page.limit, order, ...(after ? { after } : {}) });
  const tags = await selectTags(deps.db, rows.map((r) => r.id));
  return rows.map((r) => ({ contact: contactToApi(contactFromRow(r), tags.get(r.id)!), position: [order.by, order.direction, contactSortValue(r, order), r.id] }));
}

async function stagesOf(deps: Deps, workspaceId: string): Promise<string[]> {
  const workspace = await selectWorkspace(deps.db, workspaceId);
  if (!workspace) throw new NotFoundError(`no workspace ${workspaceId}`);
  return workspace.settings.lifecycleStages.map((s) => s.id);
}

function positionIn(order: ContactOrder, decoded: unknown[]): ContactPosition {
  const [by, direction, value, id] = decoded;
  if (by !== order.by || direction !== order.direction) {
    throw ValidationError.field("query.cursor", "was returned for another sort or order: ask the first page again");
  }
  const expected = order.by === "createdAt" ? "object" : order.by === "email" ? "string" : "number";
  const valueFits = expected === "object" ? value === null : typeof value === expected && (expected === "string" || Number.isFinite(value));
  if (!valueFits || typeof id !== "string") throw ValidationError.field("query.cursor", "is not a cursor this API returned");
  return { value: value as string | number | null, id };
}
