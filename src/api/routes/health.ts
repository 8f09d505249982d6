import { sql } from "kysely";
import { z } from "zod";
import type { App, RouteContext } from "../app.js";

export function healthRoutes(app: App, { deps, metrics }: RouteContext): void {
  app.get(
    "/healthz",
    {
      schema: {
        tags: ["operations"],
        summary: "Liveness and database reachability",
        response: { 200: z.object({ status: z.literal("ok"), database: z.enum(["sqlite", "postgres"]) }) },
      },
    },
    async () => {
      await sql`select 1`.execute(deps.db);
      return { status: "ok" as const, database: deps.dialect.name };
    },
  );

  app.get("/metrics", { schema: { tags: ["operations"], summary: "Prometheus metrics" } }, async (_req, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
