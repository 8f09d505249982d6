import { z } from "zod";
import { simulateWorkflow } from "../../engine/index.js";
import { SimulationInput, SimulationQuery, SimulationResult } from "../../schemas/simulation.js";
import type { App, RouteContext } from "../app.js";
import { workflowDocumentsTransform } from "./workflows.js";

const IdParams = z.object({ id: z.string() });
// The body holds a workflow document: its (recursive) schema is documented the way workflows.ts does it.
const config = { swaggerTransform: workflowDocumentsTransform() };

/** The simulator: a workflow run for one contact on a virtual timeline, with no side effect. */
export function simulateRoutes(app: App, { deps }: RouteContext): void {
  app.post(
    "/workflows/:id/simulate",
    {
      config,
      schema: {
        tags: ["workflows"],
        security: [{ secretKey: [] }],
        summary: "Run the draft (or ?version=N, or the definition sent) for a contact on a virtual timeline; the path with every decision, nothing stored",
        params: IdParams,
        querystring: SimulationQuery,
        body: SimulationInput,
        response: { 200: SimulationResult },
      },
    },
    async (req) => simulateWorkflow(deps, req.principal.workspaceId, req.body, { workflowId: req.params.id, version: req.query.version }),
  );
}
