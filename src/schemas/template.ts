import { z } from "zod";
import { IsoTime } from "./contact.js";

/** What a template is for: each channel has its own content. */
export const TemplateChannel = z.enum(["email", "sms", "in_app"]);
export type TemplateChannel = z.infer<typeof TemplateChannel>;

/**
 * An email: subject, preheader (the preview line inboxes show after the subject) and a body in
 * MJML or HTML, every part with Liquid merge fields. The plain-text part is generated from the
 * HTML unless `text` gives one.
 */
export const EmailContent = z.strictObject({
  subject: z.string().trim().min(1).max(500),
  preheader: z.string().max(500).optional(),
  format: z.enum(["mjml", "html"]).describe("mjml: compiled to responsive HTML when saved; html: sent as written"),
  body: z.string().min(1).max(500_000),
  text: z.string().max(200_000).optional().describe("The plain-text part; generated from the HTML when absent"),
});
export type EmailContent = z.infer<typeof EmailContent>;

export const SmsContent = z.strictObject({ body: z.string().min(1).max(1600) });
export type SmsContent = z.infer<typeof SmsContent>;

/** A message shown inside the customer's product, fetched by its front end. */
export const InAppContent = z.strictObject({
  title: z.string().min(1).max(200),
  body: z.string().min(1).max(5000),
  url: z.string().max(2000).optional().describe("Where the message leads when clicked"),
});
export type InAppContent = z.infer<typeof InAppContent>;

export const TemplateContent = z.union([EmailContent, SmsContent, InAppContent]);
export type TemplateContent = z.infer<typeof TemplateContent>;

export const CONTENT_OF = { email: EmailContent, sms: SmsContent, in_app: InAppContent } as const;

export const TemplateCreate = z.strictObject({
  name: z.string().trim().min(1).max(200),
  channel: TemplateChannel,
  /** Checked against the channel's shape (EmailContent, SmsContent, InAppContent). */
  content: z.record(z.string(), z.unknown()),
});
export type TemplateCreate = z.infer<typeof TemplateCreate>;

/** A new content makes a new version; the name alone does not. */
export const TemplateUpdate = z.strictObject({
  name: TemplateCreate.shape.name.optional(),
  content: TemplateCreate.shape.content.optional(),
});
export type TemplateUpdate = z.infer<typeof TemplateUpdate>;

export const TemplateVersionOut = z.object({
  version: z.number().int(),
  content: TemplateContent,
  createdAt: IsoTime,
});
export type TemplateVersionOut = z.infer<typeof TemplateVersionOut>;

export const TemplateOut = z.object({
  id: z.string(),
  name: z.string(),
  channel: TemplateChannel,
  /** The latest version, which sends use. */
  version: z.number().int(),
  content: TemplateContent,
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type TemplateOut = z.infer<typeof TemplateOut>;

/** What to render a preview with: a real contact, or made-up merge fields. */
export const TemplatePreviewIn = z
  .strictObject({
    contactId: z.string().optional(),
    sample: z
      .strictObject({
        contact: z.record(z.string(), z.unknown()).optional(),
        event: z.record(z.string(), z.unknown()).optional(),
        workflow: z.record(z.string(), z.unknown()).optional(),
      })
      .optional(),
    version: z.number().int().positive().optional().describe("Default: the latest"),
  })
  .refine((b) => b.contactId === undefined || b.sample === undefined, { path: ["sample"], message: "give contactId or sample, not both" });
export type TemplatePreviewIn = z.infer<typeof TemplatePreviewIn>;

export const RenderedEmail = z.object({ subject: z.string(), preheader: z.string(), html: z.string(), text: z.string() });
export type RenderedEmail = z.infer<typeof RenderedEmail>;
export const RenderedSms = z.object({ body: z.string() });
export const RenderedInApp = z.object({ title: z.string(), body: z.string(), url: z.string().nullable() });
// Most specific first: a response serializer takes the first shape the value fits.
export const RenderedMessage = z.union([RenderedEmail, RenderedInApp, RenderedSms]);
export type RenderedMessage = z.infer<typeof RenderedMessage>;

export const TemplateTestSendIn = z.strictObject({
  to: z.email().describe("Where the test goes; it is marked [Test] and reaches no contact's history"),
  contactId: z.string().optional().describe("Render with this contact's data (default: sample data)"),
});
