import type { FastifyReply } from "fastify";
import { z } from "zod";
import { ForbiddenError, ParcoursError } from "../../core/index.js";
import type { Deps } from "../../deps.js";
import { readIdentityToken } from "../../messaging/index.js";
import {
  isOriginAllowed,
  isOwnOrigin,
  linkVisitor,
  readVisitorLinkToken,
  scriptUrl,
  setSiteTrackingOrigins,
  siteTrackingOrigins,
  trackerScript,
  trackingSnippet,
  type VisitorIdentity,
} from "../../site-tracking/index.js";
import { SiteTrackingSettings, SiteTrackingUpdate, VisitorLinkRequest, VisitorLinkResult } from "../../schemas/site-tracking.js";
import { authenticate } from "../../workspaces/index.js";
import type { App, RouteContext } from "../app.js";
import { readCookie } from "../cookies.js";
import { IDENTITY_COOKIE } from "./tracking.js";

const tags = ["web tracking"];
const security = [{ secretKey: [] }];
/** Browsers may reuse a preflight answer this long, seconds. */
const PREFLIGHT_MAX_AGE_S = 600;

class ScriptNotBuiltError extends ParcoursError {
  readonly status = 503;
  readonly title = "Tracking script not built";
}

/** GET / PUT /api/v1/site-tracking: the sites allowed to send events from a browser, and the snippet. */
export function siteTrackingSettingsRoutes(app: App, { deps }: RouteContext): void {
  const settings = (allowedOrigins: string[]): SiteTrackingSettings => ({
    allowedOrigins,
    scriptUrl: scriptUrl(deps.config.baseUrl),
    snippet: trackingSnippet(deps.config.baseUrl),
  });

  app.get(
    "/site-tracking",
    { schema: { tags, security, summary: "The tracked sites' origins, the tracking script's URL and the snippet to paste in their pages", response: { 200: SiteTrackingSettings } } },
    async (req) => settings(await siteTrackingOrigins(deps, req.principal.workspaceId)),
  );

  app.put(
    "/site-tracking",
    {
      schema: {
        tags,
        security,
        summary: "Replace the origins whose pages may send events from a browser (the tracking script, analytics.js)",
        body: SiteTrackingUpdate,
        response: { 200: SiteTrackingSettings },
      },
    },
    async (req) => settings(await setSiteTrackingOrigins(deps, req.principal.workspaceId, req.body.allowedOrigins)),
  );
}

/**
 * Inside the write-key scope of `/v1`: a call from a web page (it has an `Origin`) is accepted
 * only from the key's workspace's tracked sites, and then gets the CORS headers that let the
 * page read the answer, errors included. Anything else is refused before it is stored: CORS alone
 * would only hide the answer. Also the visitor link endpoint. Register before the ingest routes.
 */
export function browserIngestRoutes(app: App, { deps }: RouteContext): void {
  app.addHook("preHandler", async (req, reply) => {
    const origin = req.headers.origin;
    if (origin === undefined || isOwnOrigin(origin, req.headers.host, deps.config.baseUrl)) return;
    if (!isOriginAllowed(await siteTrackingOrigins(deps, req.principal.workspaceId), origin)) {
      throw new ForbiddenError(`pages at ${origin} may not send events with this key: add the origin to the workspace's tracked sites (PUT /api/v1/site-tracking)`);
    }
    allowOrigin(reply, origin);
  });

  app.post(
    "/web/link",
    {
      schema: {
        tags,
        security: [{ writeKey: [] }],
        summary: "Tie the browser's anonymous id to the contact named by a tracked email click (its _pc link token, or the pc_id cookie)",
        body: VisitorLinkRequest,
        response: { 200: VisitorLinkResult },
      },
    },
    async (req) => {
      const who = await visitorOf(deps, req.body.token, req.headers.cookie);
      const linked = who !== undefined && who.workspaceId === req.principal.workspaceId && (await linkVisitor(deps, who.workspaceId, who.contactId, req.body.anonymousId));
      return { linked };
    },
  );
}

/**
 * Public routes: the script itself, the CORS preflight of `/v1` (which carries no key, so the
 * call that follows is the one checked), and the settings analytics.js loads from its CDN.
 */
export function trackerScriptRoutes(app: App, { deps }: RouteContext): void {
  app.get("/t.js", { schema: { tags, summary: "The web tracking script (docs/web-tracking.md)" } }, async (req, reply) => {
    const script = await trackerScript();
    if (!script) throw new ScriptNotBuiltError("the tracking script is not built: run `npm run build:web` (npm start does)");
    reply.headers({
      "cache-control": "public, max-age=3600",
      etag: script.etag,
      "access-control-allow-origin": "*",
      "cross-origin-resource-policy": "cross-origin",
    });
    if (req.headers["if-none-match"] === script.etag) return reply.status(304).send();
    return reply.type("text/javascript; charset=utf-8").send(script.body);
  });

  app.options("/v1/*", { schema: { tags, summary: "CORS preflight of the Segment-spec endpoints (the call itself is checked against the key's tracked sites)" } }, async (req, reply) => {
    const origin = req.headers.origin;
    if (origin !== undefined) allowOrigin(reply, origin);
    return reply
      .status(204)
      .headers({ "access-control-allow-methods": "GET, POST", "access-control-allow-headers": "content-type, authorization", "access-control-max-age": String(PREFLIGHT_MAX_AGE_S) })
      .send();
  });

  app.get(
    "/v1/projects/:writeKey/settings",
    {
      schema: {
        tags,
        summary: "Settings for Segment's analytics.js loaded with cdnURL set to this server: it sends its calls here",
        params: z.object({ writeKey: z.string().min(1).max(255) }),
      },
    },
    async (req, reply) => {
      await authenticate(deps, req.params.writeKey, "write");
      const base = new URL(deps.config.baseUrl);
      reply.header("access-control-allow-origin", "*").header("cache-control", "no-cache");
      return {
        integrations: { "Segment.io": { apiKey: req.params.writeKey, apiHost: `${base.host}${base.pathname.replace(/\/+$/, "")}/v1`, protocol: base.protocol.replace(":", "") } },
        plan: { track: { __default: { enabled: true } }, identify: { __default: { enabled: true } }, group: { __default: { enabled: true } } },
        // Remote metrics would go to Segment's own API.
        metrics: { sampleRate: 0 },
        remotePlugins: [],
        enabledMiddleware: {},
        middlewareSettings: {},
      };
    },
  );
}

/** The contact a link call names: its link token, else the identity cookie of a tracked click. */
async function visitorOf(deps: Deps, token: string | undefined, cookies: string | undefined): Promise<VisitorIdentity | undefined> {
  if (token !== undefined) return readVisitorLinkToken(deps, token);
  const cookie = readCookie(cookies, IDENTITY_COOKIE);
  return cookie === undefined ? undefined : readIdentityToken(deps, cookie);
}

/**
 * The page may read the answer. Credentials are allowed so that the link call can carry the
 * `pc_id` cookie when the site and Parcours share a site (www.example.com, track.example.com).
 */
function allowOrigin(reply: FastifyReply, origin: string): void {
  reply.header("access-control-allow-origin", origin).header("access-control-allow-credentials", "true").header("vary", "Origin");
}
