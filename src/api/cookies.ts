/** The name of the session cookie the web UI signs in with. */
export const SESSION_COOKIE = "pc_session";

/** The value of cookie `name` in a `Cookie` header, if there. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return value || undefined;
  }
  return undefined;
}

/**
 * `Set-Cookie` for a session token: HttpOnly (scripts cannot read it), SameSite=Lax (other sites'
 * forms and fetches do not carry it), the whole site, Secure when the public URL is https.
 * `maxAgeSeconds` 0 removes the cookie.
 */
export function sessionCookie(token: string, options: { maxAgeSeconds: number; secure: boolean }): string {
  const parts = [`${SESSION_COOKIE}=${token}`, "HttpOnly", "SameSite=Lax", "Path=/", `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`];
  if (options.secure) parts.push("Secure");
  return parts.join("; ");
}
