import { TemplateError, withTextTemplate } from "../channels/index.js";
import { ValidationError } from "../core/index.js";
import type { Deps } from "../deps.js";
import type { TemplateDraftPreviewIn } from "../schemas/merge-field.js";
import type { RenderedMessage } from "../schemas/template.js";
import { checkContent, previewFields, renderMessage } from "./templates.js";

/**
 * Renders content that is not saved: the editor's live preview. It goes through the same checks
 * and compilation as saving, so the errors it names (`content.body`: `MJML: line 6: …`) are the
 * ones a save would meet, while nothing is stored.
 */
export async function previewDraft(deps: Deps, workspaceId: string, input: TemplateDraftPreviewIn): Promise<RenderedMessage> {
  const { compiled } = await checkContent(input.channel, input.content);
  const fields = await previewFields(deps, workspaceId, input);
  try {
    return renderMessage(compiled.channel === "email" ? { channel: "email", email: withTextTemplate(compiled.email) } : compiled, fields);
  } catch (err) {
    if (err instanceof TemplateError) throw ValidationError.field("content", `cannot render: ${err.message}`);
    throw err;
  }
}
