import type { Readable } from "node:stream";
import { parse, type CsvError } from "csv-parse";

/** A record with its row number as a spreadsheet shows it (the header is row 1), or why it could not be read. */
export type NumberedRecord = { row: number; cells: string[] } | { row: number; unreadable: string };

/** Longest record accepted, in characters: a quote left open would otherwise swallow the rest of the file into memory. */
const MAX_RECORD_CHARS = 1 << 20;

/**
 * Streams the records of a CSV file (UTF-8, optional BOM, RFC 4180 quoting), numbered. A record
 * the parser cannot read is yielded as `unreadable` and parsing goes on with the next one. Only
 * one small window of the file is in memory at a time. When the caller stops early, the rest of
 * `input` is drained and discarded (so an HTTP request can still be answered).
 */
export async function* readCsvRecords(input: Readable): AsyncGenerator<NumberedRecord> {
  const skipped: CsvError[] = [];
  let lastSkip: CsvError | undefined;
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_records_with_error: true,
    max_record_size: MAX_RECORD_CHARS,
    on_skip: (err) => {
      // The parser may fail twice on one record (at a stray quote, then at its "closing" one).
      const last = skipped[skipped.length - 1] ?? lastSkip;
      if (err && !(last && last.records === err.records && last.lines === err.lines)) skipped.push(err);
      if (err) lastSkip = err;
    },
  });
  const forward = (err: Error) => parser.destroy(err);
  input.on("error", forward);
  input.pipe(parser);
  let read = 0;
  let row = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      read++;
      // A skipped record comes after the `records` good ones the parser had produced when it failed.
      while (skipped.length && Number(skipped[0]!.records) < read) yield { row: ++row, unreadable: describe(skipped.shift()!) };
      yield { row: ++row, cells };
    }
    while (skipped.length) yield { row: ++row, unreadable: describe(skipped.shift()!) };
  } finally {
    input.off("error", forward);
    input.unpipe(parser);
    if (!input.readableEnded && !input.destroyed) input.resume();
  }
}

function describe(err: CsvError): string {
  switch (err.code) {
    case "CSV_MAX_RECORD_SIZE":
      return `the row is longer than ${MAX_RECORD_CHARS} characters, usually a quote that is never closed; the rest of the file could not be read`;
    case "CSV_QUOTE_NOT_CLOSED":
      return "a quoted cell is never closed; the rest of the file was read as part of this row";
    case "CSV_INVALID_CLOSING_QUOTE":
      return 'a quoted cell is followed by other characters; inside quotes, write a quote as ""';
    default:
      return `unreadable CSV: ${err.message}`;
  }
}
