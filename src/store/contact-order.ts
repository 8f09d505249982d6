import { sql, type RawBuilder, type SelectQueryBuilder } from "kysely";
import type { ContactRow, Database } from "./schema.js";

export type ContactSortKey = "createdAt" | "updatedAt" | "email" | "score" | "lifecycleStage";

/** The order of a page of contacts; ties (and `createdAt`, since ids are time-ordered) go by id. */
export interface ContactOrder {
  by: ContactSortKey;
  direction: "asc" | "desc";
  /** The workspace's stage ids in funnel order: `lifecycleStage` sorts by position, no stage last. */
  stages: readonly string[];
}

/** Where a page starts: after the contact with this sort value (null for `createdAt`) and id. */
export interface ContactPosition {
  value: string | number | null;
  id: string;
}

export const CREATION_ORDER: ContactOrder = { by: "createdAt", direction: "asc", stages: [] };

type SortValue = RawBuilder<string | number>;

/** The SQL each key sorts on, and the same value read from a row (what a cursor carries). */
const KEYS: Record<Exclude<ContactSortKey, "createdAt">, { sql(stages: readonly string[]): SortValue; of(row: ContactRow, stages: readonly string[]): string | number }> = {
  updatedAt: { sql: () => sql`contacts.updated_at`, of: (r) => Number(r.updated_at) },
  // Without an email the key is '': such contacts come first, as one group, on both databases (NULLs would not).
  email: { sql: () => sql`coalesce(contacts.email, '')`, of: (r) => r.email ?? "" },
  score: { sql: () => sql`contacts.score`, of: (r) => Number(r.score) },
  lifecycleStage: {
    sql: (stages) =>
      stages.length === 0
        ? sql`0`
        : sql`(case contacts.lifecycle_stage ${sql.join(
            stages.map((s, i) => sql`when ${s} then ${sql.lit(i)}`),
            sql` `,
          )} else ${sql.lit(stages.length)} end)`,
    of: (r, stages) => {
      const i = r.lifecycle_stage === null ? -1 : stages.indexOf(r.lifecycle_stage);
      return i === -1 ? stages.length : i;
    },
  },
};

/** The value `row` sorts on in `order`: with its id, the position a next-page cursor holds. */
export function contactSortValue(row: ContactRow, order: ContactOrder): string | number | null {
  return order.by === "createdAt" ? null : KEYS[order.by].of(row, order.stages);
}

/**
 * Orders the contacts of `q` and keeps those after `after` (keyset pagination: a page costs the
 * same wherever it is, and contacts added meanwhile neither repeat nor shift the next page).
 */
export function orderContacts<O>(q: SelectQueryBuilder<Database, "contacts", O>, order: ContactOrder, after?: ContactPosition): SelectQueryBuilder<Database, "contacts", O> {
  const cmp = order.direction === "asc" ? ">" : "<";
  const key = order.by === "createdAt" ? null : KEYS[order.by].sql(order.stages);
  if (after && key === null) q = q.where("contacts.id", cmp, after.id);
  if (after && key !== null) {
    const value = after.value;
    q = q.where((eb) => eb.or([eb(key, cmp, value), eb.and([eb(key, "=", value), eb("contacts.id", cmp, after.id)])]));
  }
  if (key !== null) q = q.orderBy(key, (ob) => (order.direction === "asc" ? ob.asc() : ob.desc()));
  return q.orderBy("contacts.id", (ob) => (order.direction === "asc" ? ob.asc() : ob.desc()));
}
