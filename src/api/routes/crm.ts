import { syncCrmContact } from "../../crm/index.js";
import { CrmContactSync, CrmContactSynced, CrmSyncHeaders } from "../../schemas/crm.js";
import type { App, RouteContext } from "../app.js";

const tags = ["crm"];
const security = [{ secretKey: [] }];

/** The inbound endpoint a CRM calls to update a contact's stage, owner, properties and tags (docs/crm.md). */
export function crmRoutes(app: App, { deps }: RouteContext): void {
  app.post(
    "/crm/contacts",
    {
      schema: {
        tags,
        security,
        summary: "Update (or create) a contact from a CRM, found by externalId or email; emits the usual events, so workflows trigger on it",
        headers: CrmSyncHeaders,
        body: CrmContactSync,
        response: { 200: CrmContactSynced, 201: CrmContactSynced },
      },
    },
    async (req, reply) => {
      const out = await syncCrmContact(deps, req.principal.workspaceId, req.body, req.headers["idempotency-key"]);
      return reply.status(out.created ? 201 : 200).send(out);
    },
  );
}
