import { z } from "zod";
import { ContactFilterQuery, IsoTime, Tag } from "./contact.js";

export const PropertyTypeName = z.enum(["string", "number", "boolean", "date"]);

/**
 * Where a CSV column goes: `email`, `externalId`, `lifecycleStage`, `score`, `timezone`, `tags`
 * (`;`-separated), `properties.<name>` or a bare property name; `null` or `""` skips the column.
 */
export const ColumnTarget = z.string().max(120).nullable();

/** How to read a CSV of contacts. The same options for the API (as query parameters) and the CLI. */
export const ImportOptions = z.strictObject({
  emailColumn: z.string().min(1).max(200).optional().describe('Header of the email column; default "email" (any case)'),
  externalIdColumn: z.string().min(1).max(200).optional().describe("Header of the column holding your own user id"),
  mapping: z
    .record(z.string(), ColumnTarget)
    .optional()
    .describe("Column header → target; columns not named here become properties named after the header in lower_snake_case"),
  types: z.record(z.string(), PropertyTypeName).optional().describe("Column header → property type, for properties not yet typed"),
  tags: z.array(Tag).max(100).optional().describe("Added to the contact of every row"),
  listId: z.string().min(1).optional().describe("Every row's contact joins this list"),
  updateExisting: z.boolean().optional().describe("false: rows whose email already has a contact are skipped; default true"),
  source: z.string().max(500).optional().describe("Where the file came from (a file name), kept with the report"),
});
export type ImportOptions = z.infer<typeof ImportOptions>;

/** `POST /api/v1/imports` query: the options as text (mapping and types as JSON objects, tags comma-separated). */
export const ImportQuery = z.strictObject({
  emailColumn: z.string().min(1).max(200).optional(),
  externalIdColumn: z.string().min(1).max(200).optional(),
  mapping: jsonObject(ImportOptions.shape.mapping).describe('JSON object, e.g. {"E-mail":"email","Company name":"company","Notes":null}'),
  types: jsonObject(ImportOptions.shape.types).describe('JSON object, e.g. {"zip":"string"}'),
  tags: z
    .string()
    .optional()
    .transform((s) => (s === undefined ? undefined : s.split(",").map((t) => t.trim()).filter(Boolean)))
    .pipe(ImportOptions.shape.tags)
    .describe("Comma-separated"),
  listId: z.string().min(1).optional(),
  updateExisting: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === "true")),
  source: z.string().max(500).optional(),
});

/** Parses a query parameter holding JSON, then checks it with `schema`. */
function jsonObject<T extends z.ZodType>(schema: T) {
  return z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined) return undefined;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "is not valid JSON" });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

export const ImportRejection = z.object({
  row: z.number().int().describe("Row number as a spreadsheet shows it: the header is row 1, the first contact row 2"),
  field: z.string().optional().describe("Header of the offending column"),
  reason: z.string(),
});
export type ImportRejection = z.infer<typeof ImportRejection>;

export const ImportColumn = z.object({
  column: z.string().describe("Header as it appears in the file"),
  target: z.string().nullable().describe("email, externalId, lifecycleStage, score, timezone, tags, properties.<name>, or null when skipped"),
});
export type ImportColumn = z.infer<typeof ImportColumn>;

export const ImportStatus = z.enum(["running", "completed", "failed"]);
export type ImportStatus = z.infer<typeof ImportStatus>;

/** What an import did; kept, and readable while it runs. */
export const ImportReport = z.object({
  id: z.string(),
  status: ImportStatus,
  source: z.string().nullable(),
  created: z.number().int().describe("Rows that created a contact"),
  updated: z.number().int().describe("Rows that updated an existing contact (or one created by an earlier row)"),
  skipped: z.number().int().describe("Rows of known contacts left alone because updateExisting was false"),
  rejected: z.number().int().describe("Rows not imported; each has a rejection, of which the first 1000 are kept"),
  rejections: z.array(ImportRejection),
  columns: z.array(ImportColumn),
  error: z.string().nullable().describe("Why a failed import stopped"),
  startedAt: IsoTime,
  finishedAt: IsoTime.nullable(),
});
export type ImportReportOut = z.infer<typeof ImportReport>;

/** What the `imports` row keeps in its `report` JSON column. */
export const StoredImportDetails = z.object({
  version: z.literal(1),
  options: ImportOptions,
  columns: z.array(ImportColumn),
  skipped: z.number().int(),
  rejections: z.array(ImportRejection),
  error: z.string().nullable(),
});
export type StoredImportDetails = z.infer<typeof StoredImportDetails>;

/** Filters of the CSV export: those of the contact list, without paging. */
export const ExportQuery = ContactFilterQuery;
export type ExportQuery = z.infer<typeof ExportQuery>;
