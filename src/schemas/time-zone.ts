import { z } from "zod";

/** Whether the runtime knows `tz` as an IANA time zone ("Europe/Paris"); Intl, so the web app can ask too. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone the runtime knows ("Europe/Paris"). */
export const TimeZone = z.string().min(1).max(100).refine(isTimeZone, "not an IANA time zone (such as Europe/Paris)");
