import { sql } from "kysely";
import type { Deps } from "../src/deps.js";

const DAY = 24 * 3600 * 1000;
/** Events are spread over this many days before now, so a 30-day window holds a third of them. */
const EVENT_SPAN_DAYS = 90;
export const PLANS = ["free", "pro", "enterprise"] as const;
export const EVENT_NAMES = ["Page Viewed", "Signed In", "Feature Used", "Invoice Paid", "Guide Opened"] as const;
const URLS = ["/pricing", "/blog/launch", "/docs/start", "/pricing/enterprise", "/"] as const;

/**
 * Fills the workspace with `contacts` contacts and `events` events in a few set-based statements
 * (a row-by-row insert of millions would dominate the bench). Values are spread deterministically
 * from the row number, so every run and both dialects hold the same data: plan, country and
 * signup date as properties, a lifecycle stage, a score, and events named from EVENT_NAMES over
 * the last 90 days, every contact getting events/contacts of them on average.
 */
export async function seedSegmentData(deps: Deps, workspaceId: string, o: { contacts: number; events: number; stages: string[] }): Promise<void> {
  const { db } = deps;
  const now = deps.clock.now();
  const postgres = deps.dialect.name === "postgres";
  const series = (n: number) =>
    postgres ? sql`select cast(i as bigint) as i from generate_series(0, ${n - 1}) as s(i)` : sql`with recursive s(i) as (select 0 union all select i + 1 from s where i < ${n - 1}) select i from s`;
  const pick = (values: readonly string[], expr: ReturnType<typeof sql>) =>
    sql`case ${sql.join(values.map((v, k) => sql`when ${expr} = ${k} then ${v}`), sql` `)} end`;
  const stage = pick(o.stages, sql`(n.i / 2) % ${o.stages.length}`);
  const plan = pick(PLANS, sql`n.i % 3`);
  const country = pick(["FR", "DE", "US", "BE"], sql`(n.i / 3) % 4`);
  const signedUp = postgres
    ? sql`to_char(to_timestamp((${now} - (n.i * ${DAY}) % ${365 * DAY}) / 1000.0) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
    : sql`strftime('%Y-%m-%dT%H:%M:%fZ', (${now} - (n.i * ${DAY}) % ${365 * DAY}) / 1000.0, 'unixepoch')`;
  const json = postgres ? sql`jsonb_build_object('plan', ${plan}, 'country', ${country}, 'signed_up', ${signedUp})` : sql`json_object('plan', ${plan}, 'country', ${country}, 'signed_up', ${signedUp})`;
  const contactId = (expr: ReturnType<typeof sql>) => (postgres ? sql`'c' || lpad(cast(${expr} as text), 9, '0')` : sql`printf('c%09d', ${expr})`);
  const empty = postgres ? sql`'{}'::jsonb` : sql`'{}'`;

  await sql`
    insert into contacts (id, workspace_id, email, external_id, properties, lifecycle_stage, score, owner_id, timezone, subscriptions, created_at, updated_at)
    select ${contactId(sql`n.i`)}, ${workspaceId}, ${contactId(sql`n.i`)} || '@bench.example', null, ${json}, ${stage}, (n.i * 13) % 100, null, null, ${empty}, ${now}, ${now}
    from (${series(o.contacts)}) as n`.execute(db);

  // A contact's events are rows i0, i0 + C, i0 + 2C, …: a linear hash of the row would give them
  // names in a fixed rotation (hardly ever two of one name), so the name goes through a square
  // modulo a prime, which leaves a contact's names as unrelated as real traffic's.
  const mixed = sql`((n.i * 2246822519) % 1000003)`;
  const name = pick(EVENT_NAMES, sql`((${mixed} * ${mixed}) % 1000003) % ${EVENT_NAMES.length}`);
  const url = pick(URLS, sql`(n.i / 11) % ${URLS.length}`);
  const props = postgres ? sql`jsonb_build_object('url', ${url})` : sql`json_object('url', ${url})`;
  const eventId = postgres ? sql`'e' || lpad(cast(n.i as text), 10, '0')` : sql`printf('e%010d', n.i)`;
  // A multiplicative hash spreads events over contacts and over time without clustering by row.
  const contact = sql`(n.i * 2654435761) % ${o.contacts}`;
  const at = sql`${now} - ((n.i * 3266489917) % 4294967311) * 1009 % ${EVENT_SPAN_DAYS * DAY}`;
  // Every row references a contact just inserted: checking each foreign key would double the time.
  if (!postgres) await sql`pragma foreign_keys = off`.execute(db);
  await sql`
    insert into events (id, workspace_id, contact_id, kind, name, properties, context, message_id, timestamp, received_at)
    select ${eventId}, ${workspaceId}, ${contactId(contact)}, 'track', ${name}, ${props}, null, null, ${at}, ${at}
    from (${series(o.events)}) as n`.execute(db);
  if (!postgres) await sql`pragma foreign_keys = on`.execute(db);
  // Fresh statistics, as a database that grew over time would have: the planners pick their plans from them.
  await sql`analyze`.execute(db);
}
