import { sql } from "kysely";
import type { Db } from "./contacts.js";
import type { Dialect } from "./dialect.js";

/** The email events the activity report counts. */
export const MESSAGE_ACTIVITY_EVENTS = ["email.sent", "email.opened", "email.clicked"] as const;
export type MessageActivityEvent = (typeof MESSAGE_ACTIVITY_EVENTS)[number];

/** One period of the report: events at `start` ≤ t < `end` (epoch ms). */
export interface ActivityPeriod {
  start: number;
  end: number;
}

/** How many of one event fell in one period, and how many distinct messages they concern. */
export interface MessageActivityCount {
  /** Index of the period in the list given. */
  period: number;
  name: MessageActivityEvent;
  events: number;
  messages: number;
}

/**
 * Email sends, opens and clicks per period, in one grouped pass over the events index
 * (workspace, name, timestamp). Periods are given as bounds rather than computed in SQL, so a day
 * follows its time zone (23 or 25 hours across a DST change) the same way on both databases.
 * Periods must be in time order and not overlap; periods nothing happened in are absent.
 */
export async function selectMessageActivity(db: Db, dialect: Dialect, workspaceId: string, periods: ActivityPeriod[]): Promise<MessageActivityCount[]> {
  if (periods.length === 0) return [];
  // Integer literals, not parameters: PostgreSQL cannot type a parameter inside VALUES.
  const bounds = sql.join(periods.map((p, i) => sql`(${sql.lit(i)}, ${sql.lit(p.start)}, ${sql.lit(p.end)})`));
  const messageId = dialect.jsonMember(sql.ref("e.properties"), "messageId").text;
  const { rows } = await sql<{ period: number | string; name: MessageActivityEvent; events: number | string; messages: number | string }>`
    with periods(period, starts, ends) as (values ${bounds})
    select p.period as period, e.name as name, count(*) as events, count(distinct coalesce(${messageId}, e.id)) as messages
    from events e
    join periods p on e.timestamp >= p.starts and e.timestamp < p.ends
    where e.workspace_id = ${workspaceId}
      and e.name in (${sql.join(MESSAGE_ACTIVITY_EVENTS.map((n) => sql`${n}`))})
      and e.timestamp >= ${sql.lit(periods[0]!.start)} and e.timestamp < ${sql.lit(periods[periods.length - 1]!.end)}
    group by p.period, e.name`.execute(db);
  return rows.map((r) => ({ period: Number(r.period), name: r.name, events: Number(r.events), messages: Number(r.messages) }));
}
