import { z } from "zod";
import { PropertyTypeName } from "./property.js";
import { RenderedMessage, TemplateChannel } from "./template.js";

/** Where a merge field has a value: in every send, or only in some kinds of send. */
export const MergeFieldScope = z.enum(["always", "workflow", "broadcast", "marketing_email"]);
export type MergeFieldScope = z.infer<typeof MergeFieldScope>;

/** One variable a template may use, as the merge-field picker offers it. */
export const MergeField = z.object({
  /** What to write between `{{ }}`: `contact.email`, `contact.properties.plan`, `unsubscribe_url`. */
  path: z.string(),
  label: z.string(),
  description: z.string(),
  scope: MergeFieldScope,
  /** A contact property's recorded type; null for the other fields. */
  type: PropertyTypeName.nullable(),
});
export type MergeField = z.infer<typeof MergeField>;

/** Renders content that is not saved yet (an editor's live preview): the same checks as saving. */
export const TemplateDraftPreviewIn = z
  .strictObject({
    channel: TemplateChannel,
    /** Checked against the channel's shape, as when saving; errors name `content.<part>`. */
    content: z.record(z.string(), z.unknown()),
    contactId: z.string().max(200).optional().describe("Render with this contact's data (default: sample data)"),
    sample: z
      .strictObject({ contact: z.record(z.string(), z.unknown()).optional(), event: z.record(z.string(), z.unknown()).optional(), workflow: z.record(z.string(), z.unknown()).optional() })
      .optional(),
  })
  .refine((b) => b.contactId === undefined || b.sample === undefined, { path: ["sample"], message: "give contactId or sample, not both" });
export type TemplateDraftPreviewIn = z.infer<typeof TemplateDraftPreviewIn>;

/**
 * The draft's check: what it renders to, or what saving it would refuse, by field
 * (`content.body`: `MJML: line 6: …`). An editor asks on every pause in typing, so a content
 * that does not save yet is an answer, not a failed request.
 */
export const TemplateDraftPreviewOut = z.object({
  rendered: RenderedMessage.nullable(),
  problems: z.array(z.object({ field: z.string(), message: z.string() })),
});
export type TemplateDraftPreviewOut = z.infer<typeof TemplateDraftPreviewOut>;
