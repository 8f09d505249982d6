import { z } from "zod";
import { broadcastStats, cancelBroadcast, createBroadcast, deleteBroadcast, listBroadcasts, readBroadcast, sendBroadcast, updateBroadcast } from "../../broadcasts/index.js";
import { BroadcastCreate, BroadcastOut, BroadcastSendOut, BroadcastStats, BroadcastStatus, BroadcastUpdate } from "../../schemas/broadcast.js";
import type { App, RouteContext } from "../app.js";
import { idPage, pageOf, PageQuery, toPage } from "../pagination.js";

const tags = ["broadcasts"];
const security = [{ secretKey: [] }];
const IdParams = z.object({ id: z.string().max(200) });
const Query = PageQuery.extend({ status: BroadcastStatus.optional() }).strict();

/** Broadcasts (newsletters): one-time sends of an email template to a list or a segment (docs/broadcasts.md). */
export function broadcastRoutes(app: App, { deps }: RouteContext): void {
  app.post(
    "/broadcasts",
    { schema: { tags, security, summary: "Create a broadcast (a draft); everything it names must exist", body: BroadcastCreate, response: { 201: BroadcastOut } } },
    async (req, reply) => reply.status(201).send(await createBroadcast(deps, req.principal.workspaceId, req.body)),
  );

  app.get(
    "/broadcasts",
    { schema: { tags, security, summary: "List broadcasts in creation order, optionally of one status", querystring: Query, response: { 200: pageOf(BroadcastOut) } } },
    async (req) => {
      const page = { ...idPage(req.query), ...(req.query.status ? { status: req.query.status } : {}) };
      return toPage(await listBroadcasts(deps, req.principal.workspaceId, page), req.query.limit, (last) => [last.id]);
    },
  );

  app.get("/broadcasts/:id", { schema: { tags, security, summary: "Read a broadcast and where its sending stands", params: IdParams, response: { 200: BroadcastOut } } }, async (req) =>
    readBroadcast(deps, req.principal.workspaceId, req.params.id),
  );

  app.patch(
    "/broadcasts/:id",
    { schema: { tags, security, summary: "Change a draft (null removes an optional field); 409 once sent", params: IdParams, body: BroadcastUpdate, response: { 200: BroadcastOut } } },
    async (req) => updateBroadcast(deps, req.principal.workspaceId, req.params.id, req.body),
  );

  app.delete(
    "/broadcasts/:id",
    { schema: { tags, security, summary: "Delete a broadcast and its recipients (409 while it is sending: cancel it first)", params: IdParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await deleteBroadcast(deps, req.principal.workspaceId, req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/broadcasts/:id/send",
    {
      schema: {
        tags,
        security,
        summary: "Send a draft now, or schedule it (its schedule); 422 naming what is missing",
        params: IdParams,
        response: { 202: BroadcastSendOut },
      },
    },
    async (req, reply) => reply.status(202).send(await sendBroadcast(deps, req.principal.workspaceId, req.params.id)),
  );

  app.post(
    "/broadcasts/:id/cancel",
    { schema: { tags, security, summary: "Stop a scheduled, sending or testing broadcast (or a sent one's pending resend)", params: IdParams, response: { 200: BroadcastOut } } },
    async (req) => cancelBroadcast(deps, req.principal.workspaceId, req.params.id),
  );

  app.get(
    "/broadcasts/:id/stats",
    { schema: { tags, security, summary: "Recipients, sends, bounces, skips by reason, unique opens and clicks, unsubscribes, complaints and rates; per variant and for the resend", params: IdParams, response: { 200: BroadcastStats } } },
    async (req) => broadcastStats(deps, req.principal.workspaceId, req.params.id),
  );
}
