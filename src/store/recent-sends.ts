import { sql } from "kysely";
import type { Db } from "./contacts.js";
import type { Dialect } from "./dialect.js";

/** Which messages to count: one channel and category, queued after `since`. */
export interface RecentSendsQuery {
  workspaceId: string;
  contactIds: string[];
  kind: "email" | "sms";
  category: "marketing" | "transactional";
  /** epoch ms, exclusive */
  since: number;
}

/**
 * When each contact's messages of one kind and category were queued by its workflow runs since
 * `since` (epoch ms, by contact), read from the outbox: pending deliveries count as well as
 * delivered ones, failed ones do not. A message queued earlier in the caller's transaction is
 * seen, so two steps close together cannot both pass a cap. One query: the contacts' runs (by
 * the runs' contact index), then each run's deliveries (by the outbox's run index).
 */
export async function selectRecentSends(db: Db, dialect: Dialect, q: RecentSendsQuery): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>(q.contactIds.map((id) => [id, []]));
  if (!q.contactIds.length) return out;
  const rows = await db
    .selectFrom("workflow_runs as r")
    .innerJoin("outbox as o", "o.run_id", "r.id")
    .select(["r.contact_id", "o.created_at"])
    .where("r.contact_id", "in", [...new Set(q.contactIds)])
    .where("r.workspace_id", "=", q.workspaceId)
    .where("o.kind", "=", q.kind)
    .where("o.status", "!=", "failed")
    .where("o.created_at", ">", q.since)
    .where(dialect.jsonMember(sql.ref("o.payload"), "category").text, "=", q.category)
    .execute();
  for (const row of rows) out.get(row.contact_id)?.push(Number(row.created_at));
  return out;
}
