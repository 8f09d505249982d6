import { z } from "zod";
import { createSegment, deleteSegment, listSegments, previewSegment, readSegment, segmentHistory, segmentMembers, updateSegment } from "../../segments/index.js";
import { Contact } from "../../schemas/contact.js";
import { SegmentCreate, SegmentHistoryEntry, SegmentOut, SegmentPreviewIn, SegmentPreviewOut, SegmentUpdate } from "../../schemas/segment-api.js";
import type { App, RouteContext } from "../app.js";
import { workflowDocumentsTransform } from "./workflows.js";
import { idPage, pageOf, PageQuery, toPage } from "../pagination.js";

const tags = ["segments"];
const security = [{ secretKey: [] }];
const IdParams = z.object({ id: z.string() });
const Query = PageQuery.strict();
// Segment bodies carry the recursive rule, documented once as a component.
const config = { swaggerTransform: workflowDocumentsTransform() };

/** Dynamic segments: rules over contacts, their members kept current, and their history. */
export function segmentRoutes(app: App, { deps }: RouteContext): void {
  app.post(
    "/segments/preview",
    { config, schema: { tags, security, summary: "Count and sample the contacts a rule matches now, without saving it", body: SegmentPreviewIn, response: { 200: SegmentPreviewOut } } },
    async (req) => previewSegment(deps, req.principal.workspaceId, req.body.rule, req.body.sampleSize),
  );

  app.post(
    "/segments",
    { config, schema: { tags, security, summary: "Create a segment; its members are computed in the background", body: SegmentCreate, response: { 201: SegmentOut } } },
    async (req, reply) => reply.status(201).send(await createSegment(deps, req.principal.workspaceId, req.body)),
  );

  app.get(
    "/segments",
    { config, schema: { tags, security, summary: "List segments in creation order", querystring: Query, response: { 200: pageOf(SegmentOut) } } },
    async (req) => toPage(await listSegments(deps, req.principal.workspaceId, idPage(req.query)), req.query.limit, (last) => [last.id]),
  );

  app.get(
    "/segments/:id",
    { config, schema: { tags, security, summary: "Read a segment", params: IdParams, response: { 200: SegmentOut } } },
    async (req) => readSegment(deps, req.principal.workspaceId, req.params.id),
  );

  app.patch(
    "/segments/:id",
    { config, schema: { tags, security, summary: "Change a segment; a new rule recomputes every member", params: IdParams, body: SegmentUpdate, response: { 200: SegmentOut } } },
    async (req) => updateSegment(deps, req.principal.workspaceId, req.params.id, req.body),
  );

  app.delete(
    "/segments/:id",
    { config, schema: { tags, security, summary: "Delete a segment that no other segment reads", params: IdParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await deleteSegment(deps, req.principal.workspaceId, req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/segments/:id/members",
    { config, schema: { tags, security, summary: "The segment's members, in contact creation order", params: IdParams, querystring: Query, response: { 200: pageOf(Contact) } } },
    async (req) => toPage(await segmentMembers(deps, req.principal.workspaceId, req.params.id, idPage(req.query)), req.query.limit, (last) => [last.id]),
  );

  app.get(
    "/segments/:id/history",
    {
      schema: {
        tags,
        security,
        summary: "Who entered and left the segment, newest first",
        params: IdParams,
        querystring: Query,
        response: { 200: pageOf(SegmentHistoryEntry.extend({ id: z.string() })) },
      },
    },
    async (req) => toPage(await segmentHistory(deps, req.principal.workspaceId, req.params.id, idPage(req.query)), req.query.limit, (last) => [last.id]),
  );
}
