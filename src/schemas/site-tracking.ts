import { z } from "zod";

/** `https://www.example.com` (scheme, host, port if any), or `*` alone for any origin. */
const Origin = z
  .string()
  .max(300)
  .refine((o) => o === "*" || /^https?:\/\/[^/?#\s]+$/.test(o), "is an origin such as https://www.example.com (no path), or *");

/** PUT /api/v1/site-tracking: the sites whose pages may send events from a browser. */
export const SiteTrackingUpdate = z.strictObject({
  allowedOrigins: z
    .array(Origin)
    .max(50)
    .refine((o) => !o.includes("*") || o.length === 1, '"*" allows every origin: give it alone')
    .describe('Origins of the sites that load the tracking script (CORS on /v1); ["*"] for any. A tracked email link to one of them carries the visitor link token'),
});
export type SiteTrackingUpdate = z.infer<typeof SiteTrackingUpdate>;

export const SiteTrackingSettings = z.object({
  allowedOrigins: z.array(z.string()),
  scriptUrl: z.string().describe("The tracking script, served by this server"),
  snippet: z.string().describe("The tag to paste in every page of the site, with a write key in data-key"),
});
export type SiteTrackingSettings = z.infer<typeof SiteTrackingSettings>;

/**
 * POST /v1/web/link (sent by the tracking script, text/plain like the other calls): ties the
 * browser's anonymous id to the contact named by a link token from a tracked email click, or
 * else by the `pc_id` cookie a tracked click left on this server.
 */
export const VisitorLinkRequest = z.strictObject({
  writeKey: z.string().max(255).optional(),
  anonymousId: z.string().min(1).max(255),
  token: z.string().min(1).max(1000).optional().describe("The `_pc` parameter a tracked email click added to the page's URL"),
});
export type VisitorLinkRequest = z.infer<typeof VisitorLinkRequest>;

export const VisitorLinkResult = z.object({
  linked: z.boolean().describe("Whether the browser is now tied to a known contact (which one is never told)"),
});
export type VisitorLinkResult = z.infer<typeof VisitorLinkResult>;
