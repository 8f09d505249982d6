import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Fastify, { LogController, type FastifyInstance } from "fastify";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { NotFoundError } from "../core/index.js";
import type { Deps } from "../deps.js";
import type { Engine } from "../engine/index.js";
import { requireSecretKeyOrSession, requireWriteKey, type Principal } from "./auth.js";
import { createMetrics, type Metrics } from "./metrics.js";
import { sendProblem } from "./problem.js";
import { healthRoutes } from "./routes/health.js";
import { authRoutes } from "./routes/auth.js";
import { contactRoutes } from "./routes/contacts.js";
import { listRoutes } from "./routes/lists.js";
import { userRoutes } from "./routes/users.js";
import { workspaceRoutes } from "./routes/workspace.js";
import { importRoutes } from "./routes/imports.js";
import { ingestRoutes } from "./routes/ingest.js";
import { workflowRoutes } from "./routes/workflows.js";
import { runRoutes } from "./routes/runs.js";
import { simulateRoutes } from "./routes/simulate.js";
import { mailboxRoutes } from "./routes/mailbox.js";
import { segmentRoutes } from "./routes/segments.js";
import { propertyRoutes } from "./routes/properties.js";
import { contactInAppRoutes, inAppRoutes } from "./routes/in-app.js";
import { senderRoutes } from "./routes/senders.js";
import { templateRoutes } from "./routes/templates.js";
import { scoringRoutes } from "./routes/scoring.js";
import { lifecycleRoutes } from "./routes/lifecycle.js";
import { consentRoutes } from "./routes/consent.js";
import { unsubscribeRoutes } from "./routes/unsubscribe.js";
import { emailWebhookRoutes } from "./routes/email-webhooks.js";
import { broadcastRoutes } from "./routes/broadcasts.js";
import { trackingRoutes } from "./routes/tracking.js";
import { formRoutes } from "./routes/forms.js";
import { formPageRoutes } from "./routes/form-pages.js";
import { dashboardRoutes } from "./routes/dashboard.js";
import { recipeRoutes } from "./routes/recipes.js";
import { webhookSubscriptionRoutes } from "./routes/webhook-subscriptions.js";
import { crmRoutes } from "./routes/crm.js";
import { browserIngestRoutes, siteTrackingSettingsRoutes, trackerScriptRoutes } from "./routes/site-tracking.js";

export type App = FastifyInstance<any, any, any, any, ZodTypeProvider>;

/** Everything a route file gets besides the app: the deps and the shared metrics. */
export interface RouteContext {
  deps: Deps;
  metrics: Metrics;
  /** This process's engine, when it runs one (enrolments start at once; the test clock needs it). */
  engine: Engine | undefined;
}

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../web/dist");

/** Builds the HTTP API, docs, metrics and UI over `deps`; tests drive it with `app.inject()`. */
export async function createApp(deps: Deps, options: { engine?: Engine } = {}): Promise<App> {
  const metrics = createMetrics();
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: deps.config.bodyLimit,
    // Requests are logged once, at debug, by the onResponse hook below.
    logController: new LogController({ disableRequestLogging: true }),
    // Unsubscribe and tracking tokens are path parameters of a few hundred characters (default cap 100).
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 4000 },
  }).withTypeProvider<ZodTypeProvider>();
  // Declared up front so every request object has the same shape (set by the auth hooks).
  app.decorateRequest<Principal>("principal", null as unknown as Principal);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((err, req, reply) => sendProblem(err, req, reply));
  app.setNotFoundHandler((req, reply) => sendProblem(new NotFoundError(`no route ${req.method} ${req.url.split("?")[0]}`), req, reply));
  app.addHook("onResponse", async (req, reply) => {
    const route = req.routeOptions.url ?? "unmatched";
    metrics.httpRequests.inc({ method: req.method, route, status: reply.statusCode });
    metrics.httpDuration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
    req.log.debug({ method: req.method, url: req.url, status: reply.statusCode, ms: reply.elapsedTime }, "request");
  });

  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: { title: "Parcours API", version: "1", description: "Contacts, ingestion (Segment spec), lists and imports." },
      servers: [{ url: deps.config.baseUrl }],
      components: {
        securitySchemes: {
          secretKey: { type: "http", scheme: "bearer", description: "A secret key (pc_sk_…): full access to its workspace." },
          writeKey: { type: "http", scheme: "basic", description: "A write key (pc_wk_…) as the user name, empty password: ingestion only." },
          sessionCookie: { type: "apiKey", in: "cookie", name: "pc_session", description: "The web UI's session (POST /api/v1/auth/login): what the user's role allows." },
          emailWebhook: { type: "http", scheme: "basic", description: "The workspace id and its email webhook password (GET /api/v1/email-webhook): bounce and complaint notifications only." },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });

  const ctx: RouteContext = { deps, metrics, engine: options.engine };
  await app.register(async (scope) => healthRoutes(scope as App, ctx));
  await app.register(async (scope) => authRoutes(scope as App, ctx), { prefix: "/api/v1/auth" });
  await app.register(
    async (scope) => {
      scope.addHook("onRequest", requireSecretKeyOrSession(deps));
      for (const routes of [contactRoutes, listRoutes, userRoutes, workspaceRoutes, importRoutes, workflowRoutes, runRoutes, mailboxRoutes, segmentRoutes, propertyRoutes, scoringRoutes, templateRoutes, senderRoutes, contactInAppRoutes, broadcastRoutes, formRoutes, recipeRoutes]) routes(scope as App, ctx);
      simulateRoutes(scope as App, ctx);
      lifecycleRoutes(scope as App, ctx);
      consentRoutes(scope as App, ctx);
      dashboardRoutes(scope as App, ctx);
      webhookSubscriptionRoutes(scope as App, ctx);
      crmRoutes(scope as App, ctx);
      siteTrackingSettingsRoutes(scope as App, ctx);
    },
    { prefix: "/api/v1" },
  );
  await app.register(
    async (scope) => {
      const writeKey = requireWriteKey(deps);
      scope.addHook("onRequest", writeKey.onRequest);
      scope.addHook("preHandler", writeKey.preHandler);
      browserIngestRoutes(scope as App, ctx);
      ingestRoutes(scope as App, ctx);
      inAppRoutes(scope as App, ctx);
    },
    { prefix: "/v1" },
  );
  // Unsubscribe and tracking links carry their own authority (a signed token); each scope has its own body parsers or auth.
  await app.register(async (scope) => unsubscribeRoutes(scope as App, ctx));
  await app.register(async (scope) => trackingRoutes(scope as App, ctx));
  await app.register(async (scope) => emailWebhookRoutes(scope as App, ctx));
  await app.register(async (scope) => formPageRoutes(scope as App, ctx));
  await app.register(async (scope) => trackerScriptRoutes(scope as App, ctx));
  await registerWeb(app);
  return app;
}

/** Serves the built UI at `/`, or a page saying how to build it. */
async function registerWeb(app: App): Promise<void> {
  if (fs.existsSync(path.join(WEB_DIST, "index.html"))) {
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false });
    return;
  }
  app.get("/", { schema: { hide: true } }, async (_req, reply) =>
    reply.type("text/html").send("<!doctype html><title>Parcours</title><p>The web UI is not built. Run <code>npm run build:web</code> or <code>npm start</code>.</p>"),
  );
}
