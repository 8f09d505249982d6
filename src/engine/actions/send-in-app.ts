import { TemplateError } from "../../channels/index.js";
import { NonRetriableError, NotFoundError } from "../../core/index.js";
import type { RenderedMessage } from "../../schemas/template.js";
import { insertInAppMessage } from "../../store/index.js";
import { compiledTemplate, renderMessage } from "../../templates/index.js";
import { mergeFields } from "../delivery/merge-fields.js";
import type { ActionHandlers } from "../runtime/step.js";

/**
 * Renders the in-app template for the contact and stores the message for the customer's product
 * to fetch (`GET /v1/in-app`). It stays inside Parcours, so it commits with the step: no outbox.
 */
export const sendInApp: ActionHandlers["send_in_app"] = async (ctx, action, nodeId) => {
  const { contact, run } = ctx;
  const { compiled, version } = await compiledTemplate(ctx.deps, ctx.db, run.workspaceId, action.templateId).catch((err: unknown) => {
    throw err instanceof NotFoundError ? new NonRetriableError(`no template ${JSON.stringify(action.templateId)}: it was deleted after the workflow was published`) : err;
  });
  if (compiled.channel !== "in_app") throw new NonRetriableError(`template ${action.templateId} is a ${compiled.channel} template, not an in-app one`);
  let message: Extract<RenderedMessage, { title: string }>;
  try {
    message = renderMessage(compiled, { ...mergeFields(ctx, nodeId), event: (await ctx.triggerEvent()) ?? {} }) as typeof message;
  } catch (err) {
    if (err instanceof TemplateError) throw new NonRetriableError(`template ${action.templateId} cannot be rendered for this contact: ${err.message}`, { cause: err });
    throw err;
  }
  const id = ctx.deps.ids();
  await insertInAppMessage(ctx.db, {
    id,
    workspace_id: run.workspaceId,
    contact_id: contact.id,
    template_id: action.templateId,
    template_version: version,
    title: message.title,
    body: message.body,
    url: message.url,
    run_id: run.id,
    node_id: nodeId,
    created_at: ctx.now,
    read_at: null,
  });
  ctx.session.record(contact, { kind: "internal", name: "in_app.created", properties: { messageId: id, templateId: action.templateId, templateVersion: version, runId: run.id, nodeId } });
  return { decision: `in-app message "${message.title}" stored`, reason: `message ${id}` };
};
