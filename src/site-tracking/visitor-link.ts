import { linkSigningKey, signToken, verifyToken } from "../channels/index.js";
import type { Deps } from "../deps.js";
import { siteTrackingOrigins } from "./origins.js";

/** The query parameter a tracked email click adds to a link into a tracked site. */
const LINK_PARAM = "_pc";
/** How long a link token is good for, ms: the script reads it as the page loads. */
const LINK_TOKEN_TTL_MS = 60 * 60 * 1000;
/** Marks a visitor link token apart from the install's other signed tokens. */
const PURPOSE = "v";

/** Who a visitor link token names. */
export interface VisitorIdentity {
  workspaceId: string;
  contactId: string;
}

/**
 * The URL a tracked email click redirects to: a link into one of the workspace's tracked sites
 * (an origin listed by name, not `*`) gets a short-lived signed token naming the contact, which
 * the tracking script trades for tying the browser to the contact. Links to other sites are left
 * alone, so the token never reaches a site that does not run our script.
 */
export async function withVisitorLink(deps: Deps, identity: VisitorIdentity, url: string): Promise<string> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return url;
  }
  const origins = await siteTrackingOrigins(deps, identity.workspaceId);
  if (!origins.includes(target.origin)) return url;
  const token = signToken(await linkSigningKey(deps), { p: PURPOSE, w: identity.workspaceId, c: identity.contactId, x: deps.clock.now() + LINK_TOKEN_TTL_MS });
  target.searchParams.set(LINK_PARAM, token);
  return target.toString();
}

/** The contact a visitor link token names, or undefined for a token that is foreign, altered or expired. */
export async function readVisitorLinkToken(deps: Deps, token: string): Promise<VisitorIdentity | undefined> {
  const p = verifyToken(await linkSigningKey(deps), token);
  if (!p || p.p !== PURPOSE || typeof p.w !== "string" || typeof p.c !== "string" || typeof p.x !== "number") return undefined;
  return p.x > deps.clock.now() ? { workspaceId: p.w, contactId: p.c } : undefined;
}
