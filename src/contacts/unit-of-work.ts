import { ConflictError } from "../core/index.js";
import type { Deps } from "../deps.js";
import { selectPropertyDefinitions, type Db } from "../store/index.js";
import type { PropertyType } from "./property-types.js";
import { ContactSession } from "./session.js";

const MAX_ATTEMPTS = 5;

/**
 * Runs `work` in one transaction over a fresh session and writes its changes. When a concurrent
 * transaction wins a race (same new email, message id or property), the whole work runs again on
 * fresh data, so `work` must not have side effects outside the session.
 */
export async function withContactSession<T>(deps: Deps, workspaceId: string, work: (s: ContactSession) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let session: ContactSession | undefined;
    try {
      const result = await deps.db.transaction().execute(async (trx) => {
        session = new ContactSession(trx, deps, workspaceId, await propertyTypesOf(deps, trx, workspaceId));
        const out = await work(session);
        await session.flush();
        return out;
      });
      const cache = deps.propertyTypes.get(workspaceId);
      for (const { name, type } of session!.newPropertyTypes) cache?.set(name, type);
      return result;
    } catch (err) {
      // A failed transaction may have inferred types that were never stored.
      deps.propertyTypes.delete(workspaceId);
      if (!deps.dialect.isRetryableConflict(err)) throw err;
      if (attempt >= MAX_ATTEMPTS) throw new ConflictError("the contact was changed concurrently too many times; try again");
      // Jitter, so transactions that collided do not collide again in lockstep.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}

/** A copy of the process-wide cache: the session adds to it, and only a commit keeps the additions. */
async function propertyTypesOf(deps: Deps, db: Db, workspaceId: string): Promise<Map<string, PropertyType>> {
  let cached = deps.propertyTypes.get(workspaceId);
  if (!cached) {
    cached = new Map((await selectPropertyDefinitions(db, workspaceId)).map((d) => [d.name, d.type]));
    deps.propertyTypes.set(workspaceId, cached);
  }
  return new Map(cached);
}
