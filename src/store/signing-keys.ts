import type { Db } from "./contacts.js";

/** The key for `purpose`, stored as `secret` unless another process stored one first; returns the one kept. */
export async function signingKeyFor(db: Db, purpose: string, secret: string, at: number): Promise<string> {
  await db
    .insertInto("signing_keys")
    .values({ purpose, secret, created_at: at })
    .onConflict((oc) => oc.column("purpose").doNothing())
    .execute();
  const row = await db.selectFrom("signing_keys").select("secret").where("purpose", "=", purpose).executeTakeFirstOrThrow();
  return row.secret;
}
