import { NotFoundError } from "../../core/index.js";
import { withContactSession, type Contact, type ContactSession } from "../../contacts/index.js";
import type { Deps } from "../../deps.js";
import type { ImportRejection } from "../../schemas/import.js";
import { selectList, type Db, type ListRow } from "../../store/index.js";
import type { ColumnPlan } from "./column-plan.js";
import { readKeys, readValues, type RowContext, type RowKeys, type RowProblem } from "./row-values.js";

/** One data row: its number as a spreadsheet shows it (header = 1) and its cells. */
export interface CsvRow {
  row: number;
  cells: string[];
}

/** What a whole import applies to every row. */
export interface BatchSettings {
  importId: string;
  plan: ColumnPlan;
  tags: string[];
  listId: string | undefined;
  updateExisting: boolean;
}

export interface BatchResult {
  created: number;
  updated: number;
  skipped: number;
  rejections: ImportRejection[];
}

type Outcome = "created" | "updated" | "skipped" | RowProblem;

/**
 * Imports rows in one unit of work: one query loads every contact the rows name, rows are
 * checked and applied in file order (a bad row is rejected, the others go on), and everything is
 * written set-based at the end. `saveProgress` runs in the same transaction, so the stored
 * counters always match what was committed.
 */
export async function importBatch(
  deps: Deps,
  workspaceId: string,
  settings: BatchSettings,
  rows: CsvRow[],
  saveProgress: (db: Db, result: BatchResult) => Promise<void>,
): Promise<BatchResult> {
  return withContactSession(deps, workspaceId, async (s) => {
    const result: BatchResult = { created: 0, updated: 0, skipped: 0, rejections: [] };
    const list = settings.listId === undefined ? undefined : await lockList(deps, s, settings.listId);
    const keyed: (CsvRow & { keys: RowKeys })[] = [];
    for (const r of rows) {
      const keys = readKeys(r.cells, settings.plan);
      if ("reason" in keys) result.rejections.push({ row: r.row, ...keys });
      else keyed.push({ ...r, keys });
    }
    await s.load({ emails: keyed.map((r) => r.keys.email), externalIds: keyed.flatMap((r) => (r.keys.externalId === undefined ? [] : [r.keys.externalId])) });
    if (list || settings.tags.length || settings.plan.columns.some((c) => c.target.kind === "field" && c.target.field === "tags")) {
      const known = keyed.map(({ keys }) => s.find({ email: keys.email }) ?? (keys.externalId === undefined ? undefined : s.find({ externalId: keys.externalId })));
      await s.loadMemberships(known.flatMap((c) => c?.id ?? []));
    }
    const ctx = await rowContext(s);
    for (const r of keyed) {
      const outcome = await applyRow(s, settings, list, ctx, r.cells, r.keys);
      if (typeof outcome === "string") result[outcome]++;
      else result.rejections.push({ row: r.row, ...outcome });
    }
    await saveProgress(s.transaction, result);
    return result;
  });
}

/** Holds the list for this transaction; it must not vanish under the contacts joining it. */
async function lockList(deps: Deps, s: ContactSession, listId: string): Promise<ListRow> {
  const list = await selectList(s.transaction, deps.dialect, s.workspaceId, listId, true);
  if (!list) throw new NotFoundError(`list ${JSON.stringify(listId)} was deleted during the import`);
  return list;
}

async function rowContext(s: ContactSession): Promise<RowContext> {
  const stages = new Map<string, string>();
  for (const st of (await s.workspace()).settings.lifecycleStages) {
    stages.set(st.label.toLowerCase(), st.id);
    stages.set(st.id, st.id);
  }
  return { typeOf: (name) => s.propertyType(name), stageOf: (text) => stages.get(text) ?? stages.get(text.toLowerCase()) };
}

/** Checks everything about the row first, then changes the contact: a rejected row changes nothing. */
async function applyRow(s: ContactSession, settings: BatchSettings, list: ListRow | undefined, ctx: RowContext, cells: string[], keys: RowKeys): Promise<Outcome> {
  const { email, externalId } = keys;
  const found = findContact(s, settings, keys);
  if (found !== undefined && "reason" in found) return found;
  if (found !== undefined && !settings.updateExisting) return "skipped";
  const values = readValues(cells, settings.plan.columns, ctx);
  if ("reason" in values) return values;

  const contact = found ?? s.create({ email, externalId: externalId ?? null }, { channel: "import", importId: settings.importId });
  if (found) {
    // Only reached when the contact lacks that identity: findContact refused any other difference.
    if (found.email === null) await s.setEmail(found, email);
    if (externalId !== undefined && found.externalId === null) await s.setExternalId(found, externalId);
  }
  for (const [name, type] of values.newTypes) s.defineProperty(name, type);
  s.applyProperties(contact, values.properties);
  if (values.lifecycleStage !== undefined) await s.setLifecycleStage(contact, values.lifecycleStage, "import");
  if (values.score !== undefined) s.setScore(contact, values.score, "import");
  if (values.timezone !== undefined) s.setTimezone(contact, values.timezone);
  const tags = values.tags.length ? [...settings.tags, ...values.tags] : settings.tags;
  if (tags.length) await s.addTags(contact, tags);
  if (list) await s.joinList(contact, list);
  // A created contact's `contact.created` already names the import as its source.
  if (found) s.record(contact, { kind: "internal", name: "import.contact", properties: { importId: settings.importId, created: false } });
  return found ? "updated" : "created";
}

/**
 * The contact a row updates: the one with its email, else the one with its external id when that
 * one has no email yet. A row whose email and external id point at different contacts is refused.
 */
function findContact(s: ContactSession, settings: BatchSettings, { email, externalId }: RowKeys): Contact | RowProblem | undefined {
  const byEmail = s.find({ email });
  const byExternalId = externalId === undefined ? undefined : s.find({ externalId });
  const field = settings.plan.externalId?.header;
  if (byExternalId !== undefined && byExternalId !== byEmail && (byEmail !== undefined || byExternalId.email !== null)) {
    return { ...(field ? { field } : {}), reason: `external id ${JSON.stringify(externalId)} belongs to another contact${byExternalId.email ? ` (${byExternalId.email})` : ""}` };
  }
  const contact = byEmail ?? byExternalId;
  if (contact && externalId !== undefined && contact.externalId !== null && contact.externalId !== externalId) {
    return { ...(field ? { field } : {}), reason: `the contact with this email has external id ${JSON.stringify(contact.externalId)}` };
  }
  return contact;
}
