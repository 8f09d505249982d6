import { selectPropertyDefinitions } from "../../store/index.js";
import { PropertyDefinitionList } from "../../schemas/property.js";
import type { App, RouteContext } from "../app.js";

/** The property registry: each contact property's name and recorded type, which rule builders and merge-field pickers offer. */
export function propertyRoutes(app: App, { deps }: RouteContext): void {
  app.get(
    "/properties",
    {
      schema: {
        tags: ["contacts"],
        security: [{ secretKey: [] }],
        summary: "The workspace's contact properties with their recorded types, by name",
        response: { 200: PropertyDefinitionList },
      },
    },
    async (req) => ({
      data: (await selectPropertyDefinitions(deps.db, req.principal.workspaceId)).map((d) => ({ name: d.name, type: d.type, createdAt: new Date(d.created_at).toISOString() })),
    }),
  );
}
