import { activeWorkflows, messageActivity } from "../../dashboard/index.js";
import { ActiveWorkflows, MessageActivity, MessageActivityQuery } from "../../schemas/dashboard.js";
import type { App, RouteContext } from "../app.js";

const tags = ["reports"];
const security = [{ secretKey: [] }];

/** The reports the dashboard shows besides the lifecycle funnel (GET /reports/funnel). */
export function dashboardRoutes(app: App, { deps }: RouteContext): void {
  app.get(
    "/reports/messages",
    {
      schema: {
        tags,
        security,
        summary: "Emails sent, opened and clicked per day over the last days (default 30), split at the midnights of a time zone",
        querystring: MessageActivityQuery,
        response: { 200: MessageActivity },
      },
    },
    async (req) => messageActivity(deps, req.principal.workspaceId, req.query),
  );

  app.get(
    "/reports/active-workflows",
    { schema: { tags, security, summary: "The active workflows with their runs per status (all versions)", response: { 200: ActiveWorkflows } } },
    async (req) => ({ data: await activeWorkflows(deps, req.principal.workspaceId) }),
  );
}
