import { withContactSession } from "../contacts/index.js";
import type { Deps } from "../deps.js";
import { Identities } from "../ingest/index.js";

/**
 * Ties the browser `anonymousId` to a known contact of the workspace: its anonymous page views
 * and events move to the contact (contact.merged), and its later ones land there. False when the
 * contact no longer exists, or the browser is already known as someone else.
 */
export async function linkVisitor(deps: Deps, workspaceId: string, contactId: string, anonymousId: string): Promise<boolean> {
  return withContactSession(deps, workspaceId, async (s) => {
    await s.load({ ids: [contactId], anonymousIds: [anonymousId] });
    const contact = s.find({ id: contactId });
    return contact ? new Identities(s).attachAnonymousId(contact, anonymousId) : false;
  });
}
