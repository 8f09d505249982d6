import { PROPERTY_NAME, type PropertyType } from "../../contacts/index.js";
import { ValidationError, type FieldProblem } from "../../core/index.js";
import type { ImportColumn, ImportOptions } from "../../schemas/import.js";
import { CONTACT_COLUMNS, CONTACT_COLUMN_TARGETS, PROPERTY_PREFIX } from "./contact-columns.js";

const FIELDS = ["email", "externalId", "lifecycleStage", "score", "timezone", "tags"] as const;
export type ContactField = (typeof FIELDS)[number];

export type ColumnTarget = { kind: "field"; field: ContactField } | { kind: "property"; name: string; declared?: PropertyType };

export interface Column {
  /** Position in each record. */
  index: number;
  /** Header as written in the file; rejections name it. */
  header: string;
  target: ColumnTarget;
}

/** How to read every data row of one file. */
export interface ColumnPlan {
  /** Number of cells every row must have. */
  width: number;
  email: Column;
  externalId: Column | undefined;
  /** Every other imported column, in file order. */
  columns: Column[];
  /** What each header became, for the report. */
  report: ImportColumn[];
}

/**
 * Decides, from the header and the options, where each column goes; every problem is reported
 * at once (ValidationError naming `header`, `emailColumn`, `mapping.<column>` or `types.<column>`).
 * `recordedTypes` are the workspace's property types, which a declared type may not contradict.
 */
export function planColumns(rawHeader: string[], options: ImportOptions, recordedTypes: Map<string, PropertyType>): ColumnPlan {
  const header = rawHeader.map((h) => h.trim());
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  for (const h of header) {
    if (h !== "" && seen.has(h)) problems.push({ field: "header", message: `column ${JSON.stringify(h)} appears more than once` });
    seen.add(h);
  }
  const mapping = new Map(Object.entries(options.mapping ?? {}));
  for (const key of mapping.keys()) {
    if (!seen.has(key)) problems.push({ field: `mapping.${key}`, message: `no column ${JSON.stringify(key)} in the header` });
  }
  const exported = CONTACT_COLUMNS.every((c, i) => header[i] === c);
  claimColumn(header, mapping, "email", options.emailColumn, "emailColumn", problems);
  claimColumn(header, mapping, "externalId", options.externalIdColumn, "externalIdColumn", problems);

  const targets = header.map((h, i): string | null =>
    mapping.has(h) ? (mapping.get(h) ?? null) : exported && i < CONTACT_COLUMNS.length ? CONTACT_COLUMN_TARGETS[h as (typeof CONTACT_COLUMNS)[number]] : defaultTarget(h, exported),
  );
  const columns: Column[] = [];
  const taken = new Map<string, string>();
  header.forEach((h, index) => {
    const spec = targets[index] ?? null;
    // A repeated header is already reported; its copies would only repeat the problems.
    if (spec === null || spec === "" || header.indexOf(h) !== index) return;
    const field = mapping.has(h) ? `mapping.${h}` : "header";
    const target = parseTarget(spec);
    if (typeof target === "string") return void problems.push({ field, message: `column ${JSON.stringify(h)}: ${target}` });
    const key = target.kind === "field" ? target.field : `${PROPERTY_PREFIX}${target.name}`;
    const other = taken.get(key);
    if (other !== undefined) return void problems.push({ field, message: `columns ${JSON.stringify(other)} and ${JSON.stringify(h)} both go to ${key}; map one elsewhere` });
    taken.set(key, h);
    columns.push({ index, header: h, target });
  });
  declareTypes(columns, options.types ?? {}, recordedTypes, problems);

  const email = columns.find((c) => c.target.kind === "field" && c.target.field === "email");
  if (!email && !problems.some((p) => p.field === "emailColumn")) {
    problems.push({ field: "emailColumn", message: `no "email" column in the header (${header.map((h) => JSON.stringify(h)).join(", ")}); name it with emailColumn` });
  }
  if (problems.length) throw new ValidationError(problems);
  const externalId = columns.find((c) => c.target.kind === "field" && c.target.field === "externalId");
  return {
    width: header.length,
    email: email!,
    externalId,
    columns: columns.filter((c) => c !== email && c !== externalId),
    report: header.map((h, i) => ({ column: h, target: describeTarget(columns.find((c) => c.index === i)?.target) })),
  };
}

/** Points the named column (or, by default, a column called `email`, any case) at a field. */
function claimColumn(header: string[], mapping: Map<string, string | null>, field: ContactField, name: string | undefined, option: string, problems: FieldProblem[]): void {
  const wanted = name ?? (field === "email" ? "email" : undefined);
  if (wanted === undefined) return;
  const found = header.includes(wanted) ? wanted : header.find((h) => h.toLowerCase() === wanted.toLowerCase());
  if (found === undefined) {
    if (name !== undefined) problems.push({ field: option, message: `no column ${JSON.stringify(name)} in the header` });
    return;
  }
  const mappedElsewhere = [...mapping].find(([col, t]) => t === field && col !== found);
  const own = mapping.get(found);
  if (name !== undefined && (mappedElsewhere || (own !== undefined && own !== field))) {
    const why = mappedElsewhere ? `mapping sends column ${JSON.stringify(mappedElsewhere[0])} to ${field}` : `mapping sends column ${JSON.stringify(found)} to ${own ?? "null"}`;
    problems.push({ field: option, message: why });
    return;
  }
  if (!mappedElsewhere && !mapping.has(found)) mapping.set(found, field);
}

/** A column not named in the mapping: a property named after it, or skipped when it has no header. */
function defaultTarget(header: string, exported: boolean): string | null {
  if (header === "") return null;
  if (header.startsWith(PROPERTY_PREFIX) || (exported && PROPERTY_NAME.test(header))) return header;
  return `${PROPERTY_PREFIX}${toSnakeCase(header)}`;
}

/** The target a mapping value names, or why it names none. */
function parseTarget(spec: string): ColumnTarget | string {
  if ((FIELDS as readonly string[]).includes(spec)) return { kind: "field", field: spec as ContactField };
  const name = spec.startsWith(PROPERTY_PREFIX) ? spec.slice(PROPERTY_PREFIX.length) : spec;
  if (!PROPERTY_NAME.test(name)) {
    return name === ""
      ? "has no name usable as a property; map it to one, or to null to skip it"
      : `${JSON.stringify(name)} is not a property name (letters, digits, _, - and ., starting with a letter or _, at most 100)`;
  }
  return { kind: "property", name };
}

function declareTypes(columns: Column[], types: Record<string, PropertyType>, recorded: Map<string, PropertyType>, problems: FieldProblem[]): void {
  for (const [header, type] of Object.entries(types)) {
    const column = columns.find((c) => c.header === header);
    if (!column || column.target.kind !== "property") {
      problems.push({ field: `types.${header}`, message: `no column ${JSON.stringify(header)} imported as a property` });
      continue;
    }
    const known = recorded.get(column.target.name);
    if (known !== undefined && known !== type) {
      problems.push({ field: `types.${header}`, message: `property ${column.target.name} is already a ${known}; a property's type never changes` });
      continue;
    }
    column.target.declared = type;
  }
}

function describeTarget(target: ColumnTarget | undefined): string | null {
  if (!target) return null;
  return target.kind === "field" ? target.field : `${PROPERTY_PREFIX}${target.name}`;
}

/** `First Name`, `firstName`, `Prénom` → `first_name`, `first_name`, `prenom`; a leading digit gets `_` before it. */
export function toSnakeCase(header: string): string {
  const snake = header
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return /^\d/.test(snake) ? `_${snake}` : snake;
}
