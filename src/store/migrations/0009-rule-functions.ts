import { sql, type Kysely } from "kysely";
import type { Dialect } from "../dialect.js";

/**
 * `parcours_instant(text)`: epoch ms of ISO-8601 text, or null, exactly as the rule evaluator's
 * parseInstant reads it (src/schemas/instant.ts), so that event properties holding dates compare
 * the same in SQL as in memory. SQLite gets the same function from JavaScript at connection time
 * (store/database.ts).
 */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  if (d.name !== "postgres") return;
  await sql`
    create or replace function parcours_instant(t text) returns double precision
    language plpgsql immutable strict parallel safe as $fn$
    declare
      m text[]; y int; mo int; dd int; leap_year int; month_days int;
      yy int; era int; yoe int; doy int; days bigint;
      hh int; mi int; ss int; ms int; off int := 0;
    begin
      m := regexp_match(t, '^([0-9]{4})-([0-9]{2})-([0-9]{2})(([T ])(.*))?$');
      if m is null then return null; end if;
      y := m[1]::int; mo := m[2]::int; dd := m[3]::int;
      -- JavaScript's Date.UTC reads years 0 to 99 as 1900 to 1999: the evaluator checks leap days so.
      leap_year := case when y < 100 then y + 1900 else y end;
      month_days := case
        when mo = 2 then case when (leap_year % 4 = 0 and leap_year % 100 <> 0) or leap_year % 400 = 0 then 29 else 28 end
        when mo in (4, 6, 9, 11) then 30 else 31 end;
      if mo < 1 or mo > 12 or dd < 1 or dd > month_days then return null; end if;
      -- Days since 1970-01-01 in the proleptic Gregorian calendar.
      yy := y - case when mo <= 2 then 1 else 0 end;
      era := floor(yy / 400.0)::int;
      yoe := yy - era * 400;
      doy := (153 * (mo + case when mo > 2 then -3 else 9 end) + 2) / 5 + dd - 1;
      days := era::bigint * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
      if m[4] is null then return days * 86400000; end if;
      m := regexp_match(m[6], '^([0-9]{2}):([0-9]{2})(:([0-9]{2})(\\.([0-9]+))?)?([zZ]|[+-][0-9]{2}:?[0-9]{2})?$');
      if m is null then return null; end if;
      hh := m[1]::int; mi := m[2]::int; ss := coalesce(m[4], '0')::int;
      ms := coalesce(rpad(left(m[6], 3), 3, '0'), '0')::int;
      if hh > 24 or mi > 59 or ss > 59 or (hh = 24 and (mi > 0 or ss > 0 or ms > 0)) then return null; end if;
      if m[7] is not null and lower(m[7]) <> 'z' then
        if substr(m[7], 2, 2)::int > 23 or right(m[7], 2)::int > 59 then return null; end if;
        off := (substr(m[7], 2, 2)::int * 60 + right(m[7], 2)::int) * case when left(m[7], 1) = '-' then -1 else 1 end;
      end if;
      return days * 86400000 + hh * 3600000 + mi * 60000 + ss * 1000 + ms - off * 60000;
    end
    $fn$`.execute(db);
}
