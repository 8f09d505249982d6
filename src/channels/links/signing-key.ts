import { randomBytes } from "node:crypto";
import type { Deps } from "../../deps.js";
import { signingKeyFor } from "../../store/index.js";

const keys = new WeakMap<Deps, Promise<Buffer>>();

/**
 * The install's key for links in messages (tracking, unsubscribe), created on first use and
 * shared by every process on the same database; read once per runtime.
 */
export function linkSigningKey(deps: Deps): Promise<Buffer> {
  let key = keys.get(deps);
  if (!key) {
    key = signingKeyFor(deps.db, "links", randomBytes(32).toString("base64"), deps.clock.now()).then((secret) => Buffer.from(secret, "base64"));
    key.catch(() => keys.delete(deps));
    keys.set(deps, key);
  }
  return key;
}
