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

/** A preHandler that admits keys of at least `need` and records who called. */
export function requireKey(deps: Deps, need: KeyKind) {
  return async (request: FastifyRequest): Promise<void> => {
    request.principal = await authenticate(deps, keyFrom(request), need);
  };
}
