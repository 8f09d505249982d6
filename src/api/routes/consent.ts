import { z } from "zod";
import {
  addSuppression,
  contactTopics,
  createTopic,
  deleteTopic,
  emailWebhookCredentials,
  listSuppressions,
  listTopics,
  putContactTopics,
  readTopic,
  removeSuppressions,
  rotateEmailWebhookSecret,
  updateTopic,
} from "../../consent/index.js";
import {
  ContactTopics,
  ContactTopicsPut,
  EmailWebhookCredentials,
  Suppression,
  SuppressionCreate,
  SuppressionDeleteQuery,
  SuppressionQuery,
  Topic,
  TopicCreate,
  TopicUpdate,
  type EmailWebhookCredentialsOut,
} from "../../schemas/consent.js";
import type { App, RouteContext } from "../app.js";
import { idPage, pageOf, toPage } from "../pagination.js";

const security = [{ secretKey: [] }];
const IdParams = z.object({ id: z.string() });

/** Subscription topics, contacts' topic choices, the suppression list and the email webhook credentials. */
export function consentRoutes(app: App, { deps }: RouteContext): void {
  const tags = ["consent"];
  app.post("/topics", { schema: { tags, security, summary: "Create a subscription topic", body: TopicCreate, response: { 201: Topic } } }, async (req, reply) =>
    reply.status(201).send(await createTopic(deps, req.principal.workspaceId, req.body)),
  );

  app.get("/topics", { schema: { tags, security, summary: "The workspace's topics in creation order", response: { 200: z.object({ data: z.array(Topic) }) } } }, async (req) => ({
    data: await listTopics(deps, req.principal.workspaceId),
  }));

  app.get("/topics/:id", { schema: { tags, security, summary: "Read a topic", params: IdParams, response: { 200: Topic } } }, async (req) =>
    readTopic(deps, req.principal.workspaceId, req.params.id),
  );

  app.patch(
    "/topics/:id",
    {
      schema: {
        tags,
        security,
        summary: "Rename a topic, change its description or its default (which applies at once to contacts that have not chosen)",
        params: IdParams,
        body: TopicUpdate,
        response: { 200: Topic },
      },
    },
    async (req) => updateTopic(deps, req.principal.workspaceId, req.params.id, req.body),
  );

  app.delete(
    "/topics/:id",
    { schema: { tags, security, summary: "Delete a topic and every contact's choice for it (their timelines keep the events)", params: IdParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await deleteTopic(deps, req.principal.workspaceId, req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/contacts/:id/topics",
    { schema: { tags, security, summary: "A contact's status for every topic, chosen or by default", params: IdParams, response: { 200: ContactTopics } } },
    async (req) => ({ data: await contactTopics(deps, req.principal.workspaceId, req.params.id) }),
  );

  app.put(
    "/contacts/:id/topics",
    {
      schema: {
        tags,
        security,
        summary: "Set a contact's status for the topics named; each change is a topic.subscribed / topic.unsubscribed event",
        params: IdParams,
        body: ContactTopicsPut,
        response: { 200: ContactTopics },
      },
    },
    async (req) => ({ data: await putContactTopics(deps, req.principal.workspaceId, req.params.id, req.body.topics) }),
  );

  suppressionRoutes(app, { deps });
}

function suppressionRoutes(app: App, { deps }: Pick<RouteContext, "deps">): void {
  const tags = ["suppressions"];
  app.get(
    "/suppressions",
    { schema: { tags, security, summary: "The suppression list, newest first, optionally of one address or reason", querystring: SuppressionQuery, response: { 200: pageOf(Suppression) } } },
    async (req) => {
      const { afterId, limit } = idPage(req.query);
      const rows = await listSuppressions(deps, req.principal.workspaceId, { limit, email: req.query.email, reason: req.query.reason, ...(afterId === undefined ? {} : { beforeId: afterId }) });
      return toPage(rows, req.query.limit, (last) => [last.id]);
    },
  );

  app.post(
    "/suppressions",
    {
      schema: {
        tags,
        security,
        summary: "Suppress an address (201), or find it already suppressed for that reason (200); logs contact.suppressed on its contact",
        body: SuppressionCreate,
        response: { 200: Suppression, 201: Suppression },
      },
    },
    async (req, reply) => {
      const { suppression, created } = await addSuppression(deps, req.principal.workspaceId, req.body);
      return reply.status(created ? 201 : 200).send(suppression);
    },
  );

  app.delete(
    "/suppressions/:email",
    {
      schema: {
        tags,
        security,
        summary: "Lift an address's suppressions (or one reason's); logs contact.unsuppressed on its contact",
        params: z.object({ email: z.string() }),
        querystring: SuppressionDeleteQuery,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await removeSuppressions(deps, req.principal.workspaceId, req.params.email, req.query.reason);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/email-webhook",
    {
      schema: {
        tags,
        security,
        summary: "The HTTP Basic credentials bounce and complaint notifications must carry, and the webhook URLs with them; created on first use",
        response: { 200: EmailWebhookCredentials },
      },
    },
    async (req) => credentialsToApi(deps.config.baseUrl, await emailWebhookCredentials(deps, req.principal.workspaceId)),
  );

  app.post(
    "/email-webhook/rotate",
    { schema: { tags, security, summary: "Replace the email webhook password; notifications with the old one are refused from now on", response: { 200: EmailWebhookCredentials } } },
    async (req) => credentialsToApi(deps.config.baseUrl, await rotateEmailWebhookSecret(deps, req.principal.workspaceId)),
  );
}

function credentialsToApi(baseUrl: string, c: { username: string; password: string; createdAt: number }): EmailWebhookCredentialsOut {
  const url = (provider: string) => {
    const u = new URL(`${baseUrl}/webhooks/email/${provider}`);
    u.username = c.username;
    u.password = c.password;
    return u.toString();
  };
  return { username: c.username, password: c.password, createdAt: new Date(c.createdAt).toISOString(), urls: { generic: url("generic"), postmark: url("postmark") } };
}
