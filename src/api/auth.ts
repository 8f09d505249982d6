import type { FastifyRequest } from "fastify";
import { ForbiddenError, UnauthorizedError } from "../core/index.js";
import { authenticate, type KeyKind, type KeyPrincipal } from "../workspaces/index.js";
import { resumeSession, type LiveSession } from "../users/index.js";
import type { UserRole } from "../schemas/user.js";
import type { Deps } from "../deps.js";
import { readCookie, SESSION_COOKIE } from "./cookies.js";
import { assertRoleAllows } from "./roles.js";

declare module "fastify" {
  interface FastifyRequest {
    principal: Principal;
  }
}

/** A user signed in to the web UI, by session cookie. */
export interface UserPrincipal {
  kind: "user";
  workspaceId: string;
  userId: string;
  role: UserRole;
  session: LiveSession;
}

/** Who is calling: an API key, or a signed-in user. */
export type Principal = KeyPrincipal | UserPrincipal;

/** The header a cookie-signed-in request without a JSON body sends to show it is not a cross-site form. */
export const CSRF_HEADER = "x-parcours-csrf";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Reads the key from `Authorization`: `Bearer <key>`, or Basic with the key as user name
 * (how Segment and RudderStack SDKs send their write key).
 */
export function keyFrom(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const [scheme, value = ""] = header.split(" ", 2);
  if (scheme?.toLowerCase() === "bearer") return value.trim() || undefined;
  if (scheme?.toLowerCase() === "basic") {
    const decoded = Buffer.from(value, "base64").toString("utf8");
    const user = decoded.split(":")[0];
    return user || undefined;
  }
  return undefined;
}

/** The user name and password of `Authorization: Basic …`, if the request has them. */
export function basicCredentials(request: FastifyRequest): { username: string; password: string } | undefined {
  const [scheme, value = ""] = (request.headers.authorization ?? "").split(" ", 2);
  if (scheme?.toLowerCase() !== "basic") return undefined;
  const decoded = Buffer.from(value, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * For /api/v1: a secret key in `Authorization`, or else the session cookie of a signed-in user,
 * whose role must allow the request (src/api/roles.ts) and whose writes must not look like a
 * cross-site form (see assertNotCrossSite).
 */
export function requireSecretKeyOrSession(deps: Deps) {
  return async (request: FastifyRequest): Promise<void> => {
    if (request.headers.authorization) {
      request.principal = await authenticate(deps, keyFrom(request), "secret");
      return;
    }
    const token = sessionTokenFrom(request);
    if (!token) throw new UnauthorizedError("missing API key or session: send Authorization: Bearer <secret key>, or sign in");
    assertNotCrossSite(request);
    const session = await resumeSession(deps, token);
    if (!session) throw new UnauthorizedError("your session has ended: sign in again");
    assertRoleAllows(session.user.role, request.method, request.routeOptions.url);
    request.principal = userPrincipal(session);
  };
}

export function userPrincipal(session: LiveSession): UserPrincipal {
  return { kind: "user", workspaceId: session.workspaceId, userId: session.user.id, role: session.user.role, session };
}

/** The session token of the request's cookie, if it has one. */
export function sessionTokenFrom(request: FastifyRequest): string | undefined {
  return readCookie(request.headers.cookie, SESSION_COOKIE);
}

/**
 * SameSite=Lax already keeps the cookie off other sites' POSTs; as a second lock, a write signed
 * in by cookie must carry either a JSON body (which a cross-site form cannot send, and a
 * cross-site fetch cannot without a CORS preflight we never grant) or the `x-parcours-csrf: 1`
 * header (which needs that preflight too).
 */
export function assertNotCrossSite(request: FastifyRequest): void {
  if (SAFE_METHODS.has(request.method) || request.headers[CSRF_HEADER] === "1") return;
  const type = String(request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/json") return;
  throw new ForbiddenError(`a request signed in by cookie that changes something must send Content-Type: application/json or the header ${CSRF_HEADER}: 1`);
}

/** An onRequest hook that admits keys of at least `need` and records who called. */
export function requireKey(deps: Deps, need: KeyKind) {
  return async (request: FastifyRequest): Promise<void> => {
    request.principal = await authenticate(deps, keyFrom(request), need);
  };
}

/**
 * For the Segment-spec endpoints: a key in the Authorization header is checked before the body
 * is read; without one, the key is the body's `writeKey` (what analytics-node v2 sends), checked
 * once the body is parsed. Register the result's hooks as onRequest and preHandler.
 */
export function requireWriteKey(deps: Deps) {
  return {
    onRequest: async (request: FastifyRequest): Promise<void> => {
      if (request.headers.authorization) request.principal = await authenticate(deps, keyFrom(request), "write");
    },
    preHandler: async (request: FastifyRequest): Promise<void> => {
      if (request.principal) return;
      const body = request.body as { writeKey?: unknown } | undefined;
      const key = typeof body?.writeKey === "string" && body.writeKey ? body.writeKey : undefined;
      request.principal = await authenticate(deps, key, "write");
    },
  };
}
