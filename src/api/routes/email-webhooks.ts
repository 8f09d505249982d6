import type { FastifyRequest } from "fastify";
import { authenticateEmailWebhook, fromPostmark, parseGenericNotifications, recordEmailNotifications } from "../../consent/index.js";
import { EmailWebhookReceipt, GenericWebhookBody, PostmarkNotification } from "../../schemas/email-notification.js";
import type { App, RouteContext } from "../app.js";
import { basicCredentials } from "../auth.js";

const tags = ["email webhooks"];
const security = [{ emailWebhook: [] }];

/** The generic body is checked in the handler, so that errors name fields inside a batch (`events.2.email`). */
const checkedInHandler = () => (data: unknown) => ({ value: data });

/**
 * Bounce and complaint notifications from email providers, authenticated by the workspace's
 * email webhook credentials (HTTP Basic, checked before the body is read).
 */
export function emailWebhookRoutes(app: App, { deps }: RouteContext): void {
  const workspaceOf = new WeakMap<FastifyRequest, string>();
  app.addHook("onRequest", async (req, reply) => {
    reply.header("www-authenticate", 'Basic realm="Parcours email webhooks"');
    workspaceOf.set(req, await authenticateEmailWebhook(deps, basicCredentials(req)));
    reply.removeHeader("www-authenticate");
  });

  app.post(
    "/webhooks/email/generic",
    {
      schema: {
        tags,
        security,
        summary: "Bounces and complaints in the generic format (docs/consent.md): one notification or { events: [...] }",
        body: GenericWebhookBody,
        response: { 200: EmailWebhookReceipt },
      },
      validatorCompiler: checkedInHandler,
    },
    async (req) => recordEmailNotifications(deps, workspaceOf.get(req)!, parseGenericNotifications(req.body)),
  );

  app.post(
    "/webhooks/email/postmark",
    {
      schema: { tags, security, summary: "Postmark's Bounce and Spam Complaint webhooks", body: PostmarkNotification, response: { 200: EmailWebhookReceipt } },
    },
    async (req) => recordEmailNotifications(deps, workspaceOf.get(req)!, [fromPostmark(req.body)]),
  );
}
