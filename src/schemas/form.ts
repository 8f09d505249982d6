import { z } from "zod";
import { IsoTime } from "./contact.js";

/** What a control is and what it gives: text, a number, true/false (checkbox), one of `options`. */
export const FormFieldType = z.enum(["email", "text", "textarea", "number", "checkbox", "select", "hidden"]);
export type FormFieldType = z.infer<typeof FormFieldType>;

/**
 * Field names are the HTML `name` of the control: a letter first. Names starting with `_` are
 * Parcours's own (`_hp` the honeypot, `_consent` the consent box).
 */
const FieldName = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, "starts with a letter and holds only letters, digits, _ and - (at most 64)");

export const FormField = z.strictObject({
  name: FieldName,
  label: z.string().trim().min(1).max(500).describe("Shown next to the control; every control has one"),
  type: FormFieldType,
  required: z.boolean().default(false),
  /** `email`: the contact's email address; any other name: that contact property. Absent: kept in the submission only. */
  property: z.string().min(1).max(100).optional().describe('The contact property the value sets, or "email" for the contact\'s email address'),
  options: z
    .array(z.strictObject({ value: z.string().min(1).max(200), label: z.string().trim().min(1).max(200) }))
    .min(1)
    .max(200)
    .optional()
    .describe("The choices of a select (required for it, refused elsewhere)"),
  placeholder: z.string().max(200).optional(),
  value: z.string().max(2000).optional().describe("The initial value; a hidden field's value when the page's query string does not give one"),
});
export type FormField = z.infer<typeof FormField>;

export const FormConsent = z.strictObject({
  topicId: z.string().min(1).describe("The subscription topic a ticked box subscribes the contact to"),
  label: z.string().trim().min(1).max(1000),
  required: z.boolean().default(false).describe("The form is refused unless the box is ticked"),
});
export type FormConsent = z.infer<typeof FormConsent>;

export const FormDoubleOptIn = z.strictObject({
  templateId: z.string().min(1).optional().describe("An email template for the confirmation email; {{ confirm_url }} is the link. Default: a built-in email"),
  subject: z.string().trim().min(1).max(500).optional().describe("The built-in email's subject"),
  message: z.string().trim().min(1).max(2000).optional().describe("Shown after submitting, until the address is confirmed"),
});
export type FormDoubleOptIn = z.infer<typeof FormDoubleOptIn>;

const HttpUrl = z.url({ protocol: /^https?$/ }).max(2000);

export const FormSuccess = z.union([
  z.strictObject({ message: z.string().trim().min(1).max(2000) }),
  z.strictObject({ redirectUrl: HttpUrl.describe("Where the browser goes after a successful submission (303)") }),
]);
export type FormSuccess = z.infer<typeof FormSuccess>;

/** `https://example.com` (scheme, host, port if any), or `*` alone for any origin. */
const Origin = z
  .string()
  .max(300)
  .refine((o) => o === "*" || /^https?:\/\/[^/?#\s]+$/.test(o), "is an origin such as https://www.example.com (no path), or *");

/** A form, format version 1 (docs/forms.md). */
export const FormDefinition = z
  .strictObject({
    version: z.literal(1),
    title: z.string().trim().min(1).max(200).optional().describe("The hosted page's heading; default the form's name"),
    description: z.string().max(5000).optional(),
    fields: z.array(FormField).min(1).max(50),
    consent: FormConsent.optional(),
    doubleOptIn: FormDoubleOptIn.optional().describe("When present, a submission is applied only once the address is confirmed"),
    success: FormSuccess.default({ message: "Thank you!" }),
    submitLabel: z.string().trim().min(1).max(100).default("Submit"),
    allowedOrigins: z.array(Origin).max(50).default([]).describe("Sites that may post this form from their pages (CORS); [\"*\"] for any"),
  })
  .superRefine((d, ctx) => {
    const names = new Set<string>();
    const properties = new Map<string, number>();
    d.fields.forEach((f, i) => {
      const at = (key: string) => ["fields", i, key];
      if (names.has(f.name)) ctx.addIssue({ code: "custom", path: at("name"), message: `another field is already named ${JSON.stringify(f.name)}` });
      names.add(f.name);
      if (f.type === "select" && !f.options) ctx.addIssue({ code: "custom", path: at("options"), message: "a select needs its options" });
      if (f.type !== "select" && f.options) ctx.addIssue({ code: "custom", path: at("options"), message: "only a select has options" });
      if (f.property === "email" && f.type !== "email") ctx.addIssue({ code: "custom", path: at("type"), message: 'the field that sets the contact\'s email must be of type "email"' });
      if (f.property !== undefined) {
        if (properties.has(f.property)) ctx.addIssue({ code: "custom", path: at("property"), message: `field ${properties.get(f.property)! + 1} already sets ${JSON.stringify(f.property)}` });
        else properties.set(f.property, i);
      }
    });
    if (!properties.has("email")) {
      ctx.addIssue({ code: "custom", path: ["fields"], message: 'the form needs an email field mapped to the contact\'s email, such as {"name": "email", "label": "Email", "type": "email", "property": "email"}' });
    }
    if (d.allowedOrigins.includes("*") && d.allowedOrigins.length > 1) ctx.addIssue({ code: "custom", path: ["allowedOrigins"], message: '"*" allows every origin: give it alone' });
  });
export type FormDefinition = z.infer<typeof FormDefinition>;
export type FormDefinitionIn = z.input<typeof FormDefinition>;

const writable = {
  name: z.string().trim().min(1).max(200).describe("Unique in the workspace"),
  definition: FormDefinition,
};

export const FormCreate = z.strictObject(writable);
export type FormCreate = z.infer<typeof FormCreate>;

export const FormUpdate = z.strictObject(writable).partial();
export type FormUpdate = z.infer<typeof FormUpdate>;

export const FormOut = z.object({
  id: z.string(),
  name: z.string(),
  definition: FormDefinition,
  pageUrl: z.string().describe("The hosted page"),
  action: z.string().describe("Where submissions are posted (no API key)"),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type FormOut = z.infer<typeof FormOut>;

export const FormSubmissionStatus = z.enum(["accepted", "pending_confirmation", "confirmed"]);
export type FormSubmissionStatus = z.infer<typeof FormSubmissionStatus>;

/** A field's value: text, a number or a checkbox's true/false. */
export const FormValue = z.union([z.string(), z.number(), z.boolean()]);
export type FormValue = z.infer<typeof FormValue>;

export const FormSubmissionOut = z.object({
  id: z.string(),
  formId: z.string(),
  contactId: z.string().nullable().describe("Null while a double opt-in waits for confirmation"),
  status: FormSubmissionStatus,
  email: z.string(),
  fields: z.record(z.string(), FormValue),
  properties: z.record(z.string(), FormValue).describe("What the submission sets on the contact"),
  consentTopicId: z.string().nullable().describe("The topic the ticked consent box subscribes to"),
  ipHash: z.string().nullable(),
  userAgent: z.string().nullable(),
  createdAt: IsoTime,
  confirmedAt: IsoTime.nullable(),
});
export type FormSubmissionOut = z.infer<typeof FormSubmissionOut>;

/** How many submissions a form has stored, by status (GET /forms/submission-counts). */
export const FormSubmissionCount = z.object({
  formId: z.string(),
  total: z.number().int(),
  accepted: z.number().int(),
  pendingConfirmation: z.number().int().describe("Waiting for the address to be confirmed (double opt-in)"),
  confirmed: z.number().int(),
});
export type FormSubmissionCount = z.infer<typeof FormSubmissionCount>;

export const FormEmbed = z.object({
  html: z.string().describe("A <form> posting to the form's public endpoint, with a small script that submits it with fetch and shows the answer"),
  action: z.string(),
  pageUrl: z.string(),
});
export type FormEmbed = z.infer<typeof FormEmbed>;

/** What the public endpoint answers a JSON client (`Accept: application/json`). */
export const FormSubmitResult = z.union([
  z.object({ status: z.enum(["accepted", "pending_confirmation"]), message: z.string() }),
  z.object({ status: z.literal("accepted"), redirectUrl: z.string() }),
]);
export type FormSubmitResult = z.infer<typeof FormSubmitResult>;
