import { DateTime } from "luxon";
import type { Deps } from "../deps.js";
import type { MessageActivityOut, MessageCounts } from "../schemas/dashboard.js";
import { selectMessageActivity, type ActivityPeriod, type MessageActivityEvent } from "../store/index.js";

const FIELD: Record<MessageActivityEvent, keyof MessageCounts> = { "email.sent": "sent", "email.opened": "opened", "email.clicked": "clicked" };

/** The local days ending with today in `timeZone`, oldest first: each from its midnight to the next. */
export function localDays(now: number, days: number, timeZone: string): (ActivityPeriod & { date: string })[] {
  const today = DateTime.fromMillis(now, { zone: timeZone }).startOf("day");
  return Array.from({ length: days }, (_, i) => {
    const day = today.minus({ days: days - 1 - i });
    return { date: day.toISODate()!, start: day.toMillis(), end: day.plus({ days: 1 }).toMillis() };
  });
}

/**
 * Emails sent, opened and clicked per day over the last `days` days (today included, so far),
 * split at the midnights of `timeZone`. Sends are counted one by one; opens and clicks by
 * message, so a message opened five times one day counts once that day.
 */
export async function messageActivity(deps: Deps, workspaceId: string, query: { days: number; timeZone: string }): Promise<MessageActivityOut> {
  const periods = localDays(deps.clock.now(), query.days, query.timeZone);
  const counts = await selectMessageActivity(deps.db, deps.dialect, workspaceId, periods);
  const days = periods.map((p) => ({ date: p.date, from: new Date(p.start).toISOString(), to: new Date(p.end).toISOString(), sent: 0, opened: 0, clicked: 0 }));
  for (const c of counts) days[c.period]![FIELD[c.name]] = c.name === "email.sent" ? c.events : c.messages;
  const totals = { sent: 0, opened: 0, clicked: 0 };
  for (const d of days) for (const k of ["sent", "opened", "clicked"] as const) totals[k] += d[k];
  return { timeZone: query.timeZone, from: days[0]!.from, to: days[days.length - 1]!.to, days, totals };
}
