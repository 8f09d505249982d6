import type { Deps } from "../deps.js";
import { replaceSiteTrackingOrigins, selectSiteTrackingOrigins } from "../store/index.js";

/** The origins whose pages may send the workspace events from a browser (`*`: any). */
export function siteTrackingOrigins(deps: Deps, workspaceId: string): Promise<string[]> {
  return selectSiteTrackingOrigins(deps.db, workspaceId);
}

/**
 * Replaces the workspace's tracked-site origins. Each is stored as browsers send it in `Origin`
 * (lowercase host, no default port), so that comparing is a plain string match. Returns them.
 */
export async function setSiteTrackingOrigins(deps: Deps, workspaceId: string, origins: string[]): Promise<string[]> {
  const normalised = [...new Set(origins.map((o) => (o === "*" ? o : new URL(o).origin)))].sort();
  await deps.db.transaction().execute((trx) => replaceSiteTrackingOrigins(trx, workspaceId, normalised, deps.clock.now()));
  return normalised;
}

/** Whether a page at `origin` may send events, given the workspace's allowed origins. */
export function isOriginAllowed(allowed: string[], origin: string): boolean {
  return allowed.includes("*") || allowed.includes(origin);
}

/**
 * Whether `origin` is Parcours itself (by the request's Host, or PARCOURS_BASE_URL behind a
 * proxy): its own pages need no configuration.
 */
export function isOwnOrigin(origin: string, host: string | undefined, baseUrl: string): boolean {
  try {
    const o = new URL(origin);
    // Through URL so that default ports compare equal (Host "example.com:443", Origin "https://example.com").
    return (host !== undefined && o.host === new URL(`${o.protocol}//${host}`).host) || o.host === new URL(baseUrl).host;
  } catch {
    return false;
  }
}
