import type { PropertyType } from "../contacts/index.js";
import { parseInstant } from "../schemas/instant.js";

export { parseInstant };

/** A value brought to a property type for comparison; dates become epoch ms. */
export type TypedValue = string | number | boolean;

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
