import { createGunzip, createInflate } from "node:zlib";
import type { Readable, Transform } from "node:stream";
import type { FastifyRequest } from "fastify";
import { ParcoursError } from "../../core/index.js";
import { createIngestQueue, parseSegmentBatch, parseSegmentCall, type SegmentMessage } from "../../ingest/index.js";
import { MAX_BATCH_BYTES, MAX_CALL_BYTES, SEGMENT_TYPES, SegmentAccepted, SegmentBatch, SegmentCall, type SegmentType } from "../../schemas/segment.js";
import type { App, RouteContext } from "../app.js";

const tags = ["ingest"];
const security: Record<string, string[]>[] = [{ writeKey: [] }, { secretKey: [] }];

/**
 * Bodies are checked in the handler, not by the route: the schema stays in the OpenAPI document,
 * and errors name fields as Segment users read them (`batch.3.userId`, `traits.plan`).
 */
const checkedInHandler = () => (data: unknown) => ({ value: data });

const summaries: Record<SegmentType, string> = {
  identify: "Identify a user and set traits (Segment spec)",
  track: "Record an event a user performed (Segment spec)",
  page: "Record a page view (Segment spec)",
  screen: "Record a mobile screen view (Segment spec)",
  group: "Associate a user with a group (Segment spec)",
  alias: "Merge a previous identity into a user id (Segment spec)",
};

/** The Segment-spec tracking API, so existing Segment and RudderStack libraries work unchanged. */
export function ingestRoutes(app: App, { deps, metrics }: RouteContext): void {
  app.addHook("preParsing", async (req, _reply, payload) => decompressed(req, payload));
  // Libraries send JSON under other types: analytics.js uses text/plain to avoid CORS preflights,
  // and RudderStack's Node library posts its gzipped JSON as a form.
  app.addContentTypeParser(["text/plain", "application/x-www-form-urlencoded"], { parseAs: "string" }, app.getDefaultJsonParser("error", "error"));

  const ingest = createIngestQueue(deps);
  async function accept(workspaceId: string, messages: SegmentMessage[]): Promise<{ success: true }> {
    const fresh = await ingest(workspaceId, messages);
    const counts = new Map<string, number>();
    for (const m of fresh) counts.set(m.type, (counts.get(m.type) ?? 0) + 1);
    for (const [type, n] of counts) metrics.ingestedEvents.inc({ type }, n);
    return { success: true };
  }

  // analytics.js posts each call to its initial (/v1/t, /v1/p…) and batches to /v1/b; the aliases stay out of the docs.
  for (const type of SEGMENT_TYPES) {
    for (const path of [`/${type}`, `/${type[0]}`]) {
      app.post(
        path,
        {
          schema: { tags, security, summary: summaries[type], body: SegmentCall[type], response: { 200: SegmentAccepted }, hide: path.length === 2 },
          bodyLimit: MAX_CALL_BYTES,
          validatorCompiler: checkedInHandler,
        },
        async (req) => {
          const messages = parseSegmentCall(type, req.body, { receivedAt: deps.clock.now(), newId: deps.ids });
          return accept(req.principal.workspaceId, messages);
        },
      );
    }
  }

  for (const path of ["/batch", "/b"]) {
    app.post(
      path,
      {
        schema: {
          tags,
          security,
          summary: "Send up to 2,500 messages (500 KB) at once; one bad message rejects the call and nothing is stored",
          body: SegmentBatch,
          response: { 200: SegmentAccepted },
          hide: path === "/b",
        },
        bodyLimit: MAX_BATCH_BYTES,
        validatorCompiler: checkedInHandler,
      },
      async (req) => {
        const messages = parseSegmentBatch(req.body, { receivedAt: deps.clock.now(), newId: deps.ids });
        return accept(req.principal.workspaceId, messages);
      },
    );
  }
}

class UnsupportedEncodingError extends ParcoursError {
  readonly status = 415;
  readonly title = "Unsupported media type";
}

/**
 * RudderStack's library gzips every batch. The body limit applies to the inflated size: Fastify
 * counts what this stream yields, and `receivedEncodedLength` lets it check Content-Length.
 */
function decompressed(req: FastifyRequest, payload: Readable): Readable {
  const encoding = req.headers["content-encoding"]?.trim().toLowerCase();
  if (!encoding || encoding === "identity") return payload;
  let inflate: Transform & { receivedEncodedLength?: number };
  if (encoding === "gzip" || encoding === "x-gzip") inflate = createGunzip();
  else if (encoding === "deflate") inflate = createInflate();
  else throw new UnsupportedEncodingError(`Content-Encoding ${encoding} is not supported; send gzip, deflate or an uncompressed body`);
  inflate.receivedEncodedLength = 0;
  payload.on("data", (chunk: Buffer) => {
    inflate.receivedEncodedLength! += chunk.length;
  });
  payload.on("error", (err) => inflate.destroy(err));
  return payload.pipe(inflate);
}
