import { z } from "zod";
import { ValidationError } from "../../core/index.js";
import { identityToken, readTrackingHit, recordTrackingHit, type TrackingHit } from "../../messaging/index.js";
import { withVisitorLink } from "../../site-tracking/index.js";
import type { App, RouteContext } from "../app.js";

const tags = ["tracking"];
const TokenParams = z.object({ token: z.string().min(1).max(4000) });
/** A transparent 1×1 GIF. */
const PIXEL = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");
/** The cookie a tracked click leaves, naming the contact (a signed token), for a year. */
export const IDENTITY_COOKIE = "pc_id";
const YEAR_S = 365 * 24 * 3600;

/**
 * The open pixel and click redirects of tracked emails (no API key: the signed token is the
 * authority). A token this server did not make gets a 400, never a redirect. A failure to record
 * is logged and the reader still gets the page or the pixel: their click matters more than our count.
 */
export function trackingRoutes(app: App, { deps }: RouteContext): void {
  async function hitOf<K extends TrackingHit["kind"]>(token: string, kind: K): Promise<Extract<TrackingHit, { kind: K }>> {
    const hit = await readTrackingHit(deps, token);
    if (!hit || hit.kind !== kind) throw ValidationError.field("params.token", `is not a tracked ${kind === "open" ? "open pixel" : "link"} this server made`);
    return hit as Extract<TrackingHit, { kind: K }>;
  }

  async function record(hit: TrackingHit, headers: { "user-agent"?: string | undefined }, ip: string): Promise<void> {
    await recordTrackingHit(deps, hit, { userAgent: headers["user-agent"], ip }).catch((err: unknown) => deps.logger.error({ err, messageId: hit.message.messageId }, "recording an email open or click failed"));
  }

  app.get(
    "/t/o/:token",
    { schema: { tags, summary: "An email's open pixel: records email.opened and answers a 1×1 transparent GIF", params: TokenParams } },
    async (req, reply) => {
      const hit = await hitOf(req.params.token, "open");
      await record(hit, req.headers, req.ip);
      return reply.header("cache-control", "no-store, max-age=0").type("image/gif").send(PIXEL);
    },
  );

  app.get(
    "/t/c/:token",
    { schema: { tags, summary: "A tracked link of an email: records email.clicked and redirects (302) to the link's URL", params: TokenParams } },
    async (req, reply) => {
      const hit = await hitOf(req.params.token, "click");
      await record(hit, req.headers, req.ip);
      const secure = deps.config.baseUrl.startsWith("https:") ? "; Secure" : "";
      const identity = await identityToken(deps, hit.message.workspaceId, hit.message.contactId);
      // A link into a tracked site carries a short-lived token its tracking script trades for tying the browser to the contact.
      const destination = await withVisitorLink(deps, hit.message, hit.url).catch((err: unknown) => {
        deps.logger.error({ err, messageId: hit.message.messageId }, "adding the visitor link token failed");
        return hit.url;
      });
      return reply
        .header("set-cookie", `${IDENTITY_COOKIE}=${identity}; Path=/; Max-Age=${YEAR_S}; HttpOnly; SameSite=Lax${secure}`)
        .header("cache-control", "no-store")
        .header("referrer-policy", "no-referrer")
        .redirect(destination, 302);
    },
  );
}
