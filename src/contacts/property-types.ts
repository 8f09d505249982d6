/**
 * Typed contact properties. A workspace records each property's type on first use; later
 * values must match it. Dates are stored as UTC ISO-8601 strings, which sort as text.
 */
export type PropertyType = "string" | "number" | "boolean" | "date";
export type PropertyValue = string | number | boolean;
export type Properties = Record<string, PropertyValue>;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Property names: letters, digits, `_`, `-`, `.`; start with a letter or `_`; at most 100 long. */
export const PROPERTY_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/;

/** Longest string value accepted, in characters. */
export const MAX_STRING_LENGTH = 10_000;

export type Checked = { ok: true; value: PropertyValue } | { ok: false; message: string };

/** The type a first value implies: ISO-8601 date strings become `date`. */
export function inferType(value: unknown): PropertyType | undefined {
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "number") return Number.isFinite(value) ? "number" : undefined;
  if (typeof value === "string") return ISO_DATE.test(value) && !Number.isNaN(Date.parse(value)) ? "date" : "string";
  return undefined;
}

/** Checks `value` against `type` and returns its stored form. */
export function checkValue(type: PropertyType, value: unknown): Checked {
  switch (type) {
    case "string":
      if (typeof value !== "string") return mismatch(type, value);
      if (value.length > MAX_STRING_LENGTH) return { ok: false, message: `is longer than ${MAX_STRING_LENGTH} characters` };
      return { ok: true, value };
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? { ok: true, value } : mismatch(type, value);
    case "boolean":
      return typeof value === "boolean" ? { ok: true, value } : mismatch(type, value);
    case "date":
      return checkDate(value);
  }
}

function checkDate(value: unknown): Checked {
  if (typeof value === "string" && ISO_DATE.test(value)) {
    const ms = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
    if (!Number.isNaN(ms)) return { ok: true, value: new Date(ms).toISOString() };
  }
  if (typeof value === "number" && Number.isFinite(value)) return { ok: true, value: new Date(value).toISOString() };
  return { ok: false, message: `must be a date (ISO-8601 string such as 2026-12-01 or 2026-12-01T10:00:00Z), got ${describe(value)}` };
}

function mismatch(type: PropertyType, value: unknown): Checked {
  return { ok: false, message: `must be a ${type} (the property's recorded type), got ${describe(value)}` };
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${JSON.stringify(value)}`;
}

/**
 * Parses a text cell (CSV) as the given type: numbers, booleans (true/false/yes/no/1/0) and dates
 * written as text.
 */
export function parseText(type: PropertyType, text: string): Checked {
  const t = text.trim();
  switch (type) {
    case "string":
      return checkValue("string", text);
    case "number": {
      const n = t === "" ? Number.NaN : Number(t);
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, message: `must be a number, got ${JSON.stringify(text)}` };
    }
    case "boolean": {
      const v = t.toLowerCase();
      if (["true", "yes", "1", "y"].includes(v)) return { ok: true, value: true };
      if (["false", "no", "0", "n"].includes(v)) return { ok: true, value: false };
      return { ok: false, message: `must be a boolean (true/false, yes/no, 1/0), got ${JSON.stringify(text)}` };
    }
    case "date":
      return checkDate(t);
  }
}
