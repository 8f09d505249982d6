import { z } from "zod";
import { inAppMessagesOf, markInAppRead } from "../../messaging/index.js";
import { InAppMessageOut, InAppPage, InAppQuery } from "../../schemas/in-app.js";
import type { App, RouteContext } from "../app.js";

const tags = ["in-app"];
const security: Record<string, string[]>[] = [{ writeKey: [] }, { secretKey: [] }];
const Messages = z.object({ data: z.array(InAppMessageOut) });

/**
 * What the customer's product calls to show its users their in-app messages, with the write key
 * its tracking uses: whoever holds that key can read a user's messages by user id, so they should
 * carry nothing a user's own screen would not show.
 */
export function inAppRoutes(app: App, { deps }: RouteContext): void {
  app.get("/in-app/messages", { schema: { tags, security, summary: "A user's in-app messages, newest first", querystring: InAppQuery, response: { 200: Messages } } }, async (req) => {
    const { userId, anonymousId, unread, limit } = req.query;
    const key = userId !== undefined ? { externalId: userId } : { anonymousId: anonymousId! };
    return { data: await inAppMessagesOf(deps, req.principal.workspaceId, key, { unreadOnly: unread === "true", limit }) };
  });

  app.post(
    "/in-app/messages/:id/read",
    { schema: { tags, security, summary: "Mark an in-app message read (recorded on the contact's timeline once)", params: z.object({ id: z.string() }), response: { 200: InAppMessageOut } } },
    async (req) => markInAppRead(deps, req.principal.workspaceId, req.params.id),
  );
}

/** The same messages for the workspace's own tools, by contact id (secret key). */
export function contactInAppRoutes(app: App, { deps }: RouteContext): void {
  app.get(
    "/contacts/:id/in-app-messages",
    {
      schema: {
        tags,
        security: [{ secretKey: [] }],
        summary: "A contact's in-app messages, newest first",
        params: z.object({ id: z.string() }),
        querystring: InAppPage,
        response: { 200: Messages },
      },
    },
    async (req) => ({ data: await inAppMessagesOf(deps, req.principal.workspaceId, { id: req.params.id }, { unreadOnly: req.query.unread === "true", limit: req.query.limit }) }),
  );
}
