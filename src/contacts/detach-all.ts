import type { Deps } from "../deps.js";
import type { Contact } from "./contact.js";
import type { ContactSession } from "./session.js";
import { withContactSession } from "./unit-of-work.js";

/** Contacts changed per transaction: bounds memory and lock time whatever the number of contacts. */
const BATCH = 500;

/** How to take every contact away from something (a user, a list) before deleting it. */
export interface DetachSteps {
  /** Locks the parent row (so no contact attaches meanwhile) or throws NotFoundError. */
  lock(s: ContactSession): Promise<void>;
  /** Up to `limit` ids of contacts still attached. */
  attached(s: ContactSession, limit: number): Promise<string[]>;
  /** Detaches one contact through the session, which logs the change. */
  detach(s: ContactSession, contact: Contact): Promise<void>;
  /** Deletes the parent; runs in the transaction that detaches the last contacts. */
  remove(s: ContactSession): Promise<void>;
}

/**
 * Detaches every contact, a batch per transaction, then deletes the parent in the last one, so
 * each contact's change is logged as an event instead of vanishing in an `ON DELETE` cascade.
 * A crash between batches leaves the parent in place with fewer contacts: running it again
 * finishes the job.
 */
export async function detachAllThenRemove(deps: Deps, workspaceId: string, steps: DetachSteps): Promise<void> {
  for (let done = false; !done; ) {
    done = await withContactSession(deps, workspaceId, async (s) => {
      await steps.lock(s);
      const ids = await steps.attached(s, BATCH + 1);
      const batch = ids.slice(0, BATCH);
      await s.load({ ids: batch });
      for (const id of batch) await steps.detach(s, await s.get({ id }));
      if (ids.length > BATCH) return false;
      await steps.remove(s);
      return true;
    });
  }
}
