import { parseSpecTime } from "./segment.js";

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ]/;

/**
 * Epoch ms of an ISO-8601 date or date-time, or undefined. A date alone is midnight UTC (as the
 * store records it); a date-time without an offset is UTC, whatever the machine's zone.
 */
export function parseInstant(text: string): number | undefined {
  const day = DATE_ONLY.exec(text) ?? DATE_TIME.exec(text);
  if (!day || !isCalendarDay(Number(day[1]), Number(day[2]), Number(day[3]))) return undefined;
  if (text.length === 10) return Date.parse(`${text}T00:00:00Z`);
  return parseSpecTime(text[10] === " " ? `${text.slice(0, 10)}T${text.slice(11)}` : text);
}

// Date.parse rolls 2026-02-30 over into March; a rule must not silently mean another day.
function isCalendarDay(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}
