import type { FastifyRequest } from "fastify";
import { authenticate, type KeyKind, type Principal } from "../workspaces/index.js";
import type { Deps } from "../deps.js";

declare module "fastify" {
  interface FastifyRequest {
    principal: Principal;
  }
}

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
