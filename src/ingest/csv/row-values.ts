import { inferType, isTimeZone, normalizeEmail, parseText, type PropertyType, type PropertyValue } from "../../contacts/index.js";
import type { ColumnPlan, Column } from "./column-plan.js";
import { TAG_SEPARATOR } from "./contact-columns.js";

/** Why a row is not imported; `field` is the header of the offending column. */
export interface RowProblem {
  field?: string;
  reason: string;
}

/** The identity of a row's contact. */
export interface RowKeys {
  email: string;
  externalId: string | undefined;
}

/** Everything else a row sets, parsed and checked. */
export interface RowValues {
  properties: Map<string, PropertyValue>;
  /** Types this row gives properties that have none yet. */
  newTypes: Map<string, PropertyType>;
  lifecycleStage?: string;
  score?: number;
  timezone?: string;
  tags: string[];
}

export interface RowContext {
  /** The property's recorded type (or the one an earlier row of this import gave it). */
  typeOf(name: string): PropertyType | undefined;
  /** A lifecycle stage id from its id or label (any case). */
  stageOf(text: string): string | undefined;
}

const MAX_EXTERNAL_ID = 255;
const MAX_TAG = 100;
const MAX_TAGS_PER_ROW = 100;

/** True for a row with no content at all, which a spreadsheet shows as an empty line: it is passed over. */
export function isBlank(cells: string[]): boolean {
  return cells.every((c) => c.trim() === "");
}

/** Checks the row's shape and reads its email and external id. */
export function readKeys(cells: string[], plan: ColumnPlan): RowKeys | RowProblem {
  if (cells.length !== plan.width) return { reason: `has ${cells.length} cells where the header has ${plan.width} columns` };
  const raw = cells[plan.email.index]!.trim();
  if (raw === "") return { field: plan.email.header, reason: "has no email" };
  const email = normalizeEmail(raw);
  if (email === undefined) return { field: plan.email.header, reason: `${JSON.stringify(raw)} is not a valid email address` };
  const externalId = plan.externalId ? cells[plan.externalId.index]!.trim() : "";
  if (externalId.length > MAX_EXTERNAL_ID) return { field: plan.externalId!.header, reason: `is longer than ${MAX_EXTERNAL_ID} characters` };
  return { email, externalId: externalId === "" ? undefined : externalId };
}

/** Parses every non-empty cell with its property's type (or the field's rules); empty cells are left out. */
export function readValues(cells: string[], columns: Column[], ctx: RowContext): RowValues | RowProblem {
  const out: RowValues = { properties: new Map(), newTypes: new Map(), tags: [] };
  for (const column of columns) {
    const text = cells[column.index]!;
    if (text.trim() === "") continue;
    const problem = column.target.kind === "property" ? readProperty(out, column.target, text, ctx) : readField(out, column.target.field, text, ctx);
    if (problem !== undefined) return { field: column.header, reason: problem };
  }
  return out;
}

function readProperty(out: RowValues, target: { name: string; declared?: PropertyType }, text: string, ctx: RowContext): string | undefined {
  let type = ctx.typeOf(target.name);
  if (type === undefined) {
    type = target.declared ?? inferTextType(text);
    out.newTypes.set(target.name, type);
  }
  const parsed = parseText(type, text);
  if (!parsed.ok) return parsed.message;
  out.properties.set(target.name, parsed.value);
  return undefined;
}

function readField(out: RowValues, field: string, text: string, ctx: RowContext): string | undefined {
  const t = text.trim();
  switch (field) {
    case "lifecycleStage": {
      const stage = ctx.stageOf(t);
      if (stage === undefined) return `${JSON.stringify(t)} is not a lifecycle stage of this workspace`;
      out.lifecycleStage = stage;
      return undefined;
    }
    case "score": {
      const parsed = parseText("number", t);
      if (!parsed.ok) return parsed.message;
      out.score = parsed.value as number;
      return undefined;
    }
    case "timezone":
      if (!isTimeZone(t)) return `${JSON.stringify(t)} is not an IANA time zone (such as Europe/Paris)`;
      out.timezone = t;
      return undefined;
    case "tags": {
      const tags = t.split(TAG_SEPARATOR).map((x) => x.trim()).filter(Boolean);
      if (tags.length > MAX_TAGS_PER_ROW) return `has more than ${MAX_TAGS_PER_ROW} tags`;
      const long = tags.find((x) => x.length > MAX_TAG);
      if (long !== undefined) return `tag ${JSON.stringify(long.slice(0, 40))}… is longer than ${MAX_TAG} characters`;
      out.tags = tags;
      return undefined;
    }
    default:
      throw new Error(`no reader for field ${field}`);
  }
}

const PLAIN_NUMBER = /^-?(?:0|[1-9]\d{0,14})(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * The type a new column takes from its first non-empty cell: a number, `true`/`false`, an
 * ISO-8601 date, else a string. Codes that only look numeric stay strings: a leading zero
 * (`01000`) or `+` (`+33…`), or more than 15 digits (which a double cannot hold exactly).
 */
export function inferTextType(text: string): PropertyType {
  const t = text.trim();
  if (PLAIN_NUMBER.test(t)) return "number";
  if (/^(?:true|false)$/i.test(t)) return "boolean";
  return inferType(t) === "date" ? "date" : "string";
}
