import { NotFoundError } from "../core/index.js";
import type { Deps } from "../deps.js";
import { detachAllThenRemove } from "../contacts/index.js";
import { deleteUser as deleteUserRow, selectContactIdsOwnedBy, selectUser } from "../store/index.js";
import { assertNotLastAdmin } from "./users.js";

/**
 * Deletes a user. Its contacts lose their owner through the contact session, so each logs an
 * `owner.changed` event (workflows may reassign them) rather than being cleared silently by the
 * foreign key. Its sessions end with it; the workspace's last admin who can sign in stays.
 */
export async function deleteUser(deps: Deps, workspaceId: string, id: string): Promise<void> {
  await detachAllThenRemove(deps, workspaceId, {
    async lock(s) {
      const user = await selectUser(s.transaction, deps.dialect, workspaceId, id, true);
      if (!user) throw new NotFoundError(`no user ${JSON.stringify(id)}`);
      await assertNotLastAdmin({ db: s.transaction }, user);
    },
    attached: (s, limit) => selectContactIdsOwnedBy(s.transaction, workspaceId, id, limit),
    detach: (s, contact) => s.setOwner(contact, null),
    remove: (s) => deleteUserRow(s.transaction, workspaceId, id),
  });
}
