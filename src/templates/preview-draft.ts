import { TemplateError, withTextTemplate } from "../channels/index.js";
import { ValidationError } from "../core/index.js";
import type { Deps } from "../deps.js";
import type { TemplateDraftPreviewIn, TemplateDraftPreviewOut } from "../schemas/merge-field.js";
import { checkContent, previewFields, renderMessage } from "./templates.js";

/**
 * Renders content that is not saved: the editor's live preview. It goes through the same checks
 * and compilation as saving, so the problems it names (`content.body`: `MJML: line 6: …`) are
 * the ones a save would meet, while nothing is stored. A contact that does not exist is still an
 * error (404): that is the request's fault, not the content's.
 */
export async function previewDraft(deps: Deps, workspaceId: string, input: TemplateDraftPreviewIn): Promise<TemplateDraftPreviewOut> {
  const fields = await previewFields(deps, workspaceId, input);
  let checked: Awaited<ReturnType<typeof checkContent>>;
  try {
    checked = await checkContent(input.channel, input.content);
  } catch (err) {
    if (err instanceof ValidationError) return { rendered: null, problems: err.problems };
    throw err;
  }
  const { compiled } = checked;
  try {
    return { rendered: renderMessage(compiled.channel === "email" ? { channel: "email", email: withTextTemplate(compiled.email) } : compiled, fields), problems: [] };
  } catch (err) {
    if (err instanceof TemplateError) return { rendered: null, problems: [{ field: "content", message: `cannot render: ${err.message}` }] };
    throw err;
  }
}
