export { type SegmentMessage, type ProfileChange } from "./segment/message.js";
export { type ParseOptions, parseSegmentCall, parseSegmentBatch } from "./segment/parse.js";
export { ingestSegmentMessages } from "./segment/ingest.js";
export { Identities } from "./segment/identities.js";
export { IMPORT_BATCH_ROWS, importContactsCsv } from "./csv/import-csv.js";
export { readImport, listImports } from "./csv/import-report.js";
export { exportContactsCsv } from "./csv/export-csv.js";
export { type Ingest, createIngestQueue } from "./segment/ingest-queue.js";
