import type { FieldProblem } from "../core/index.js";
import { MAX_STRING_LENGTH, normalizeEmail, parseText, PROPERTY_NAME, type PropertyType, type PropertyValue } from "../contacts/index.js";
import type { FormDefinition, FormField, FormValue } from "../schemas/form.js";

/** The honeypot: hidden from people, filled by bots that fill every field. */
export const HONEYPOT = "_hp";
/** The consent box's name. */
export const CONSENT = "_consent";

/** A submitted body as parsed: urlencoded and multipart give strings (arrays when repeated), JSON anything. */
export type RawFields = Record<string, unknown>;

/** What a valid submission holds: values by field name, the address, whether the consent box was ticked. */
export interface SubmittedValues {
  values: Record<string, FormValue>;
  email: string;
  consent: boolean;
}

const TRUE = new Set(["true", "on", "yes", "1"]);
const FALSE = new Set(["false", "off", "no", "0", ""]);

/** A bot filled the hidden honeypot field. */
export function isHoneypotFilled(raw: RawFields): boolean {
  const v = single(raw[HONEYPOT]);
  return v !== undefined && String(v).trim() !== "";
}

/**
 * Checks a submission against the form's fields: required ones given, emails, numbers and select
 * choices valid. Problems name `fields.<name>`. Fields the form does not declare are ignored.
 */
export function readSubmission(definition: FormDefinition, raw: RawFields): { ok: true; submitted: SubmittedValues } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const values: Record<string, FormValue> = {};
  for (const field of definition.fields) {
    const read = readField(field, raw[field.name]);
    if ("problem" in read) problems.push({ field: `fields.${field.name}`, message: read.problem });
    else if (read.value !== undefined) values[field.name] = read.value;
  }
  const consent = definition.consent ? isTicked(raw[CONSENT]) : false;
  if (definition.consent?.required && !consent) problems.push({ field: `fields.${CONSENT}`, message: "must be ticked" });
  if (problems.length) return { ok: false, problems };
  const emailField = definition.fields.find((f) => f.property === "email")!;
  return { ok: true, submitted: { values, email: values[emailField.name] as string, consent } };
}

/**
 * The contact properties the values set, each parsed as its recorded type (`typeOf`), or as the
 * field gives it when the property has no type yet (text stays text: "2026-01-01" typed in a
 * text field is not taken for a date). Problems name `fields.<name>`.
 */
export function propertiesOf(definition: FormDefinition, values: Record<string, FormValue>, typeOf: (name: string) => PropertyType | undefined): { properties: Record<string, PropertyValue>; problems: FieldProblem[] } {
  const properties: Record<string, PropertyValue> = {};
  const problems: FieldProblem[] = [];
  for (const field of definition.fields) {
    const value = values[field.name];
    if (field.property === undefined || field.property === "email" || value === undefined) continue;
    if (!PROPERTY_NAME.test(field.property)) {
      problems.push({ field: `fields.${field.name}`, message: `${JSON.stringify(field.property)} is not a property name` });
      continue;
    }
    const type = typeOf(field.property) ?? naturalType(field.type);
    const parsed = parseText(type, String(value));
    if (parsed.ok) properties[field.property] = parsed.value;
    else problems.push({ field: `fields.${field.name}`, message: `${parsed.message} (it sets the contact property ${JSON.stringify(field.property)}, a ${type})` });
  }
  return { properties, problems };
}

/** The type a field's values have: what a property it first sets is recorded as. */
export function naturalType(type: FormField["type"]): PropertyType {
  if (type === "number") return "number";
  if (type === "checkbox") return "boolean";
  return "string";
}

function readField(field: FormField, raw: unknown): { value: FormValue | undefined } | { problem: string } {
  if (field.type === "checkbox") {
    const ticked = isTicked(raw);
    return field.required && !ticked ? { problem: "must be ticked" } : { value: ticked };
  }
  const given = single(raw);
  if (given !== undefined && typeof given !== "string" && typeof given !== "number") return { problem: "must be text or a number" };
  let text = given === undefined ? "" : String(given);
  if (field.type !== "textarea") text = text.trim();
  if (text === "" && field.type === "hidden" && field.value !== undefined) text = field.value;
  if (text.trim() === "") return field.required || field.property === "email" ? { problem: "is required" } : { value: undefined };
  if (text.length > MAX_STRING_LENGTH) return { problem: `is longer than ${MAX_STRING_LENGTH} characters` };
  switch (field.type) {
    case "email": {
      const email = normalizeEmail(text);
      return email ? { value: email } : { problem: `${JSON.stringify(text)} is not a valid email address` };
    }
    case "number": {
      const n = typeof given === "number" ? given : Number(text);
      return Number.isFinite(n) ? { value: n } : { problem: `must be a number, got ${JSON.stringify(text)}` };
    }
    case "select":
      return field.options!.some((o) => o.value === text) ? { value: text } : { problem: `must be one of ${field.options!.map((o) => JSON.stringify(o.value)).join(", ")}` };
    default:
      return { value: text };
  }
}

function isTicked(raw: unknown): boolean {
  const v = single(raw);
  if (v === undefined || v === null || v === false) return false;
  if (v === true) return true;
  const text = String(v).trim().toLowerCase();
  return TRUE.has(text) || !FALSE.has(text);
}

/** A field sent more than once (a repeated name) counts by its first value. */
function single(raw: unknown): unknown {
  return Array.isArray(raw) ? raw[0] : raw;
}
