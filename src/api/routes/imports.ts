import { PassThrough, Readable, Transform } from "node:stream";
import { errorCodes } from "fastify";
import { z } from "zod";
import { ValidationError } from "../../core/index.js";
import { exportContactsCsv, importContactsCsv, listImports, readImport } from "../../ingest/index.js";
import { ExportQuery, ImportQuery, ImportReport } from "../../schemas/import.js";
import type { App, RouteContext } from "../app.js";
import { decodeCursor, pageOf, PageQuery, toPage } from "../pagination.js";

const security = [{ secretKey: [] }];
const IdParams = z.object({ id: z.string() });

/** Largest CSV file one import request may send, bytes (2 GiB); it is streamed, never held in memory. */
const MAX_IMPORT_BYTES = 2 * 1024 ** 3;

/** CSV import (`POST /imports`, its reports) and CSV export of contacts. */
export function importRoutes(app: App, ctx: RouteContext): void {
  // Its own scope, so the streaming text/csv parser applies to these routes only.
  app.register(async (scope) => csvRoutes(scope as App, ctx));
}

function csvRoutes(app: App, { deps }: RouteContext): void {
  // Only CSV is read. Any other body is left unread and refused by the handler (415), so a large
  // JSON body can never be buffered under this route's large body limit.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", (_req, _payload, done) => done(null, undefined));
  app.addContentTypeParser("text/csv", (req, payload, done) => {
    const limit = req.routeOptions.bodyLimit ?? deps.config.bodyLimit;
    if (Number(req.headers["content-length"]) > limit) return done(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE(), undefined);
    done(null, limitBytes(payload, limit));
  });

  app.post(
    "/imports",
    {
      bodyLimit: MAX_IMPORT_BYTES,
      schema: {
        tags: ["imports"],
        security,
        summary: "Import contacts from a CSV file sent as the body (Content-Type: text/csv); answers when done",
        description:
          "Streams the file in batches, deduplicating by email. Rows are numbered as a spreadsheet shows them: the header is row 1, the first contact row 2. " +
          "A bad row is rejected with its number and reason and the others are imported.",
        consumes: ["text/csv"],
        querystring: ImportQuery,
        body: z.any().describe("The CSV file: UTF-8, comma-separated, the first line naming the columns"),
        response: { 201: ImportReport },
      },
    },
    async (req, reply) => {
      if (!(req.body instanceof Readable)) throw unsupportedMediaType();
      const report = await importContactsCsv(deps, req.principal.workspaceId, req.body, req.query).catch(namingQueryFields);
      return reply.status(201).send(report);
    },
  );

  app.get(
    "/imports",
    { schema: { tags: ["imports"], security, summary: "Import reports, newest first", querystring: PageQuery.strict(), response: { 200: pageOf(ImportReport) } } },
    async (req) => {
      const before = decodeCursor(req.query.cursor, 1)?.[0];
      if (before !== undefined && typeof before !== "string") throw ValidationError.field("query.cursor", "is not a cursor this API returned");
      const rows = await listImports(deps, req.principal.workspaceId, { limit: req.query.limit + 1, ...(before ? { beforeId: before } : {}) });
      return toPage(rows, req.query.limit, (last) => [last.id]);
    },
  );

  app.get(
    "/imports/:id",
    { schema: { tags: ["imports"], security, summary: "One import's report, also while it runs", params: IdParams, response: { 200: ImportReport } } },
    async (req) => readImport(deps, req.principal.workspaceId, req.params.id),
  );

  app.get(
    "/exports/contacts.csv",
    {
      schema: {
        tags: ["contacts"],
        security,
        summary: "Export contacts as CSV, with the filters of GET /contacts",
        description: "Columns: id, email, externalId, lifecycleStage, score, ownerId, timezone, tags (separated by ;), createdAt, then one per property.",
        produces: ["text/csv"],
        querystring: ExportQuery,
        response: { 200: z.string().describe("The CSV file") },
      },
    },
    async (req, reply) => {
      const { createdAfter, createdBefore, ...filter } = req.query;
      const out = new PassThrough();
      exportContactsCsv(
        deps,
        req.principal.workspaceId,
        {
          ...filter,
          ...(createdAfter ? { createdAfter: Date.parse(createdAfter) } : {}),
          ...(createdBefore ? { createdBefore: Date.parse(createdBefore) } : {}),
        },
        out,
      ).catch((err: unknown) => req.log.error({ err }, "contact export failed"));
      // Fastify pipes a stream as is; the response schema only documents the text the client receives.
      return reply.type("text/csv; charset=utf-8").header("content-disposition", 'attachment; filename="contacts.csv"').send(out as unknown as string);
    },
  );
}

/** Passes the request body through, failing it as too large past `limit` bytes. */
function limitBytes(payload: NodeJS.ReadableStream, limit: number): Readable {
  let seen = 0;
  const limiter = new Transform({
    transform(chunk: Buffer, _enc, callback) {
      seen += chunk.length;
      if (seen > limit) callback(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
      else callback(null, chunk);
    },
  });
  (payload as Readable).on("error", (err) => limiter.destroy(err));
  return (payload as Readable).pipe(limiter);
}

function unsupportedMediaType(): Error {
  return Object.assign(new Error("send the CSV file as the body with Content-Type: text/csv"), { statusCode: 415 });
}

const QUERY_FIELDS = new Set(Object.keys(ImportQuery.shape));

/** Option problems are reported under the query parameter that carries them (`query.listId`). */
function namingQueryFields(err: unknown): never {
  if (err instanceof ValidationError) {
    throw new ValidationError(err.problems.map((p) => (QUERY_FIELDS.has(p.field.split(".")[0]!) ? { ...p, field: `query.${p.field}` } : p)));
  }
  throw err;
}
