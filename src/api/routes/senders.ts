import { z } from "zod";
import { createSender, deleteSender, listSenders, readSender, updateSender } from "../../messaging/index.js";
import { SenderIn, SenderOut, SenderUpdate } from "../../schemas/sender.js";
import type { App, RouteContext } from "../app.js";

const tags = ["senders"];
const security = [{ secretKey: [] }];
const IdParams = z.object({ id: z.string() });

/** Sender identities: the From and Reply-To of the workspace's emails. */
export function senderRoutes(app: App, { deps }: RouteContext): void {
  app.post("/senders", { schema: { tags, security, summary: "Add a sender identity (the first one is the default)", body: SenderIn, response: { 201: SenderOut } } }, async (req, reply) =>
    reply.status(201).send(await createSender(deps, req.principal.workspaceId, req.body)),
  );
  app.get("/senders", { schema: { tags, security, summary: "The workspace's sender identities", response: { 200: z.object({ data: z.array(SenderOut) }) } } }, async (req) => ({
    data: await listSenders(deps, req.principal.workspaceId),
  }));
  app.get("/senders/:id", { schema: { tags, security, summary: "Read a sender identity", params: IdParams, response: { 200: SenderOut } } }, async (req) =>
    readSender(deps, req.principal.workspaceId, req.params.id),
  );
  app.patch("/senders/:id", { schema: { tags, security, summary: "Change a sender identity, or make it the default", params: IdParams, body: SenderUpdate, response: { 200: SenderOut } } }, async (req) =>
    updateSender(deps, req.principal.workspaceId, req.params.id, req.body),
  );
  app.delete("/senders/:id", { schema: { tags, security, summary: "Delete a sender identity (not the default while others remain)", params: IdParams, response: { 204: z.null() } } }, async (req, reply) => {
    await deleteSender(deps, req.principal.workspaceId, req.params.id);
    return reply.status(204).send(null);
  });
}
