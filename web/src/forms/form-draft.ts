import type { FormDefinition, FormDefinitionIn, FormField, FormFieldType } from "../../../src/schemas/form.js";

/** One field as the editor holds it: text boxes' strings, options as lines. */
export interface FieldDraft {
  /** Stable React key: rows move and get removed. */
  key: string;
  name: string;
  label: string;
  type: FormFieldType;
  required: boolean;
  /** "email", a contact property name, or "" for none (kept in the submission only). */
  property: string;
  /** A select's choices, one a line: `value | Label`, or `value` alone when the label is the same. */
  options: string;
  placeholder: string;
  value: string;
}

/** A form as the editor holds it, turned into the API's definition by `definitionOf`. */
export interface FormDraft {
  name: string;
  title: string;
  description: string;
  fields: FieldDraft[];
  consent: { enabled: boolean; topicId: string; label: string; required: boolean };
  doubleOptIn: { enabled: boolean; subject: string; message: string; templateId: string };
  success: { kind: "message" | "redirect"; message: string; redirectUrl: string };
  submitLabel: string;
  /** One origin a line. */
  allowedOrigins: string;
}

let keys = 0;
function nextKey(): string {
  keys += 1;
  return `field-${keys}`;
}

export function newField(type: FormFieldType = "text"): FieldDraft {
  return { key: nextKey(), name: "", label: "", type, required: false, property: "", options: "", placeholder: "", value: "" };
}

/** The draft of a new form: an email field mapped to the contact's email (every form needs one). */
export function newFormDraft(): FormDraft {
  return draftOf("", {
    version: 1,
    fields: [{ name: "email", label: "Email", type: "email", required: true, property: "email" }],
    success: { message: "Thank you!" },
    submitLabel: "Submit",
    allowedOrigins: [],
  });
}

export function draftOf(name: string, d: FormDefinition): FormDraft {
  return {
    name,
    title: d.title ?? "",
    description: d.description ?? "",
    fields: d.fields.map(fieldDraftOf),
    consent: { enabled: d.consent !== undefined, topicId: d.consent?.topicId ?? "", label: d.consent?.label ?? "", required: d.consent?.required ?? false },
    doubleOptIn: {
      enabled: d.doubleOptIn !== undefined,
      subject: d.doubleOptIn?.subject ?? "",
      message: d.doubleOptIn?.message ?? "",
      templateId: d.doubleOptIn?.templateId ?? "",
    },
    success: "redirectUrl" in d.success ? { kind: "redirect", message: "", redirectUrl: d.success.redirectUrl } : { kind: "message", message: d.success.message, redirectUrl: "" },
    submitLabel: d.submitLabel,
    allowedOrigins: d.allowedOrigins.join("\n"),
  };
}

function fieldDraftOf(f: FormField): FieldDraft {
  return {
    key: nextKey(),
    name: f.name,
    label: f.label,
    type: f.type,
    required: f.required,
    property: f.property ?? "",
    options: (f.options ?? []).map((o) => (o.label === o.value ? o.value : `${o.value} | ${o.label}`)).join("\n"),
    placeholder: f.placeholder ?? "",
    value: f.value ?? "",
  };
}

/**
 * The definition the API takes. Empty optional boxes are left out rather than sent empty, so the
 * server's defaults apply; the server checks the rest and names each bad field.
 */
export function definitionOf(d: FormDraft): FormDefinitionIn {
  const origins = lines(d.allowedOrigins);
  return {
    version: 1,
    ...(d.title.trim() ? { title: d.title.trim() } : {}),
    ...(d.description.trim() ? { description: d.description } : {}),
    fields: d.fields.map(fieldOf),
    ...(d.consent.enabled ? { consent: { topicId: d.consent.topicId, label: d.consent.label, required: d.consent.required } } : {}),
    ...(d.doubleOptIn.enabled
      ? {
          doubleOptIn: {
            ...(d.doubleOptIn.templateId ? { templateId: d.doubleOptIn.templateId } : {}),
            ...(d.doubleOptIn.subject.trim() ? { subject: d.doubleOptIn.subject } : {}),
            ...(d.doubleOptIn.message.trim() ? { message: d.doubleOptIn.message } : {}),
          },
        }
      : {}),
    success: d.success.kind === "redirect" ? { redirectUrl: d.success.redirectUrl.trim() } : { message: d.success.message },
    ...(d.submitLabel.trim() ? { submitLabel: d.submitLabel } : {}),
    allowedOrigins: origins,
  };
}

function fieldOf(f: FieldDraft): FormDefinitionIn["fields"][number] {
  return {
    name: f.name.trim(),
    label: f.label,
    type: f.type,
    required: f.required,
    ...(f.property.trim() ? { property: f.property.trim() } : {}),
    ...(f.type === "select" ? { options: lines(f.options).map(optionOf) } : {}),
    ...(f.placeholder && f.type !== "hidden" && f.type !== "checkbox" ? { placeholder: f.placeholder } : {}),
    ...(f.value ? { value: f.value } : {}),
  };
}

function optionOf(line: string): { value: string; label: string } {
  const bar = line.indexOf("|");
  if (bar < 0) return { value: line, label: line };
  const value = line.slice(0, bar).trim();
  return { value, label: line.slice(bar + 1).trim() || value };
}

function lines(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
}
