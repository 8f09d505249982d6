import { NotFoundError } from "../core/index.js";
import type { Deps } from "../deps.js";
import { withContactSession, type ContactKey } from "../contacts/index.js";
import type { InAppMessageOut } from "../schemas/in-app.js";
import { markInAppMessageRead, selectInAppMessage, selectInAppMessages, type InAppMessageRow } from "../store/index.js";

/** The in-app messages of the contact the product names, newest first (none for an unknown one). */
export async function inAppMessagesOf(deps: Deps, workspaceId: string, key: ContactKey, o: { unreadOnly: boolean; limit: number }): Promise<InAppMessageOut[]> {
  return withContactSession(deps, workspaceId, async (s) => {
    await s.load("id" in key ? { ids: [key.id] } : "externalId" in key ? { externalIds: [key.externalId] } : "anonymousId" in key ? { anonymousIds: [key.anonymousId] } : { emails: [key.email] });
    const contact = s.find(key);
    return contact ? (await selectInAppMessages(s.transaction, contact.id, o)).map(inAppToApi) : [];
  });
}

/** Marks a message read, once, with an `in_app.read` event on the contact's timeline. */
export async function markInAppRead(deps: Deps, workspaceId: string, id: string): Promise<InAppMessageOut> {
  return withContactSession(deps, workspaceId, async (s) => {
    const row = await selectInAppMessage(s.transaction, workspaceId, id);
    if (!row) throw new NotFoundError(`no in-app message ${JSON.stringify(id)}`);
    const now = deps.clock.now();
    if (await markInAppMessageRead(s.transaction, id, now)) {
      const contact = await s.get({ id: row.contact_id });
      s.record(contact, { kind: "internal", name: "in_app.read", properties: { messageId: id, ...(row.template_id ? { templateId: row.template_id } : {}), ...(row.run_id ? { runId: row.run_id, nodeId: row.node_id } : {}) } });
      return inAppToApi({ ...row, read_at: now });
    }
    return inAppToApi(row);
  });
}

export function inAppToApi(row: InAppMessageRow): InAppMessageOut {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    url: row.url,
    templateId: row.template_id,
    createdAt: new Date(row.created_at).toISOString(),
    readAt: row.read_at === null ? null : new Date(row.read_at).toISOString(),
  };
}
