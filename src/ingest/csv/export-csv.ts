import type { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { stringify } from "csv-stringify";
import { contactFromRow } from "../../contacts/index.js";
import type { Deps } from "../../deps.js";
import { selectContactPage, selectPropertyDefinitions, selectTags, type ContactFilter } from "../../store/index.js";
import { CONTACT_COLUMNS, PROPERTY_PREFIX, TAG_SEPARATOR } from "./contact-columns.js";

/** Contacts read per query while exporting. */
const PAGE = 1000;

/**
 * Writes the workspace's contacts matching `filter` to `output` as CSV, in creation order, a
 * page at a time (memory stays flat whatever the number of contacts) and at the pace `output`
 * reads. Columns: `CONTACT_COLUMNS`, then one per property of the workspace, named after it
 * (`properties.<name>` when it would clash with a contact column). Ends `output`.
 */
export async function exportContactsCsv(deps: Deps, workspaceId: string, filter: ContactFilter, output: Writable): Promise<{ rows: number }> {
  const properties = (await selectPropertyDefinitions(deps.db, workspaceId)).map((d) => d.name);
  const fixed = new Set<string>(CONTACT_COLUMNS.map((c) => c.toLowerCase()));
  const header = [...CONTACT_COLUMNS, ...properties.map((p) => (fixed.has(p.toLowerCase()) ? `${PROPERTY_PREFIX}${p}` : p))];
  const count = { rows: 0 };
  await pipeline(records(deps, workspaceId, filter, properties, header, count), stringify(), output);
  return count;
}

async function* records(deps: Deps, workspaceId: string, filter: ContactFilter, properties: string[], header: string[], count: { rows: number }): AsyncGenerator<string[]> {
  yield header;
  for (let afterId: string | undefined; ; ) {
    const rows = await selectContactPage(deps.db, deps.dialect, workspaceId, filter, { limit: PAGE, ...(afterId === undefined ? {} : { afterId }) });
    const tags = await selectTags(deps.db, rows.map((r) => r.id));
    for (const row of rows) {
      const c = contactFromRow(row);
      yield [
        c.id,
        c.email ?? "",
        c.externalId ?? "",
        c.lifecycleStage ?? "",
        String(c.score),
        c.ownerId ?? "",
        c.timezone ?? "",
        [...tags.get(c.id)!].sort().join(TAG_SEPARATOR),
        new Date(c.createdAt).toISOString(),
        ...properties.map((p) => (c.properties[p] === undefined ? "" : String(c.properties[p]))),
      ];
      count.rows++;
    }
    if (rows.length < PAGE) return;
    afterId = rows[rows.length - 1]!.id;
  }
}
