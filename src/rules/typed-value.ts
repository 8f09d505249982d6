import type { PropertyType } from "../contacts/index.js";
import { parseSpecTime } from "../schemas/segment.js";

/** A value brought to a property type for comparison; dates become epoch ms. */
export type TypedValue = string | number | boolean;

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

/** The type a value implies when no type is recorded for it (event properties): ISO dates are dates. */
export function typeOfValue(value: unknown): PropertyType | undefined {
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "number") return Number.isFinite(value) ? "number" : undefined;
  if (typeof value === "string") return parseInstant(value) === undefined ? "string" : "date";
  return undefined;
}

/**
 * Brings a value to `type`, or undefined when it cannot be: numbers and booleans read as text,
 * numeric text as a number, "true"/"false" as a boolean, ISO text or epoch ms as a date.
 */
export function toTyped(type: PropertyType, value: unknown): TypedValue | undefined {
  switch (type) {
    case "string":
      if (typeof value === "string") return value;
      return typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value)) ? String(value) : undefined;
    case "number":
      if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
      return typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)) ? Number(value) : undefined;
    case "boolean":
      if (typeof value === "boolean") return value;
      return value === "true" ? true : value === "false" ? false : undefined;
    case "date":
      if (typeof value === "string") return parseInstant(value);
      return typeof value === "number" && Number.isFinite(value) ? value : undefined;
  }
}
